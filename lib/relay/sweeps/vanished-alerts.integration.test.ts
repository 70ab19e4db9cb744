import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { alertStates, notifications } from "@/lib/db/schema";
import { type AlertmanagerApi, listAllMemberAlerts } from "@/lib/monitoring/alertmanager-api";
import { createTestDatabase } from "@/lib/testing/database";
import {
  type ListingAlertmanager,
  occurrenceStart,
  startListingAlertmanager,
} from "@/lib/testing/relay/listing-alertmanager";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { recordAlertGroup } from "../intake/record-alert-groups";
import { createVanishedAlertCloser } from "./vanished-alerts";

let handle: DbHandle;
let alertmanager: ListingAlertmanager | undefined;
let am: AlertmanagerApi;
const { startsAtInApi, startsAtInWebhook } = occurrenceStart();

beforeAll(async () => {
  handle = await createTestDatabase();
  alertmanager = await startListingAlertmanager(startsAtInApi);
  am = alertmanager.api;
}, 60_000);

afterAll(async () => {
  await alertmanager?.stop();
  await handle?.close();
});

const postAlert = (labels: Record<string, string>, endsAt: Date) =>
  alertmanager!.postAlert({ alertname: "BlackboxProbeFailed", ...labels }, endsAt);

/** Tells the member the alert fires, with the fingerprint and start Alertmanager itself reports. */
async function toldFiring(memberId: string, targetId: string) {
  const listed = (await listAllMemberAlerts(am)).find((alert) => alert.labels.member === memberId);
  const payload = alertGroupPayload(memberId, {
    alerts: [{ targetId, fingerprint: listed!.fingerprint, startsAt: startsAtInWebhook }],
  });
  expect(await recordAlertGroup(handle.db, payload)).toBe(1);
}

describe("closing alerts whose resolution Alertmanager will never send", () => {
  it("resolves, once and after a confirmation, only what Alertmanager no longer lists", async () => {
    const alice = await seedMember(handle.db, { locale: "en" });
    const bob = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, alice.memberId);
    await seedMatrixChannel(handle.db, bob.memberId);
    const inAnHour = new Date(Date.now() + 3_600_000);
    await postAlert({ member: alice.memberId, target: alice.targetId }, inAnHour);
    await postAlert({ member: bob.memberId, target: bob.targetId }, inAnHour);
    await toldFiring(alice.memberId, alice.targetId);
    await toldFiring(bob.memberId, bob.targetId);
    // Alice's alert resolves in Alertmanager, but its resolution is never posted (inhibited, or a lost post).
    await postAlert({ member: alice.memberId, target: alice.targetId }, new Date(Date.now() - 1_000));

    const closer = createVanishedAlertCloser({ db: handle.db, alertmanager: am, minAgeMs: 0, confirmAfterMs: 60_000 });
    const now = Date.now();
    expect(await closer.sweep(new Date(now))).toBe(0);
    expect(await closer.sweep(new Date(now + 30_000))).toBe(0);
    expect(await closer.sweep(new Date(now + 61_000))).toBe(1);
    expect(await closer.sweep(new Date(now + 122_000))).toBe(0);

    const aliceRows = await handle.db.select().from(notifications).where(eq(notifications.memberId, alice.memberId));
    expect(aliceRows.map((row) => row.alertStatus).sort()).toEqual(["firing", "resolved"]);
    const states = await handle.db.select().from(alertStates);
    expect(states.map((state) => [state.memberId, state.status]).sort()).toEqual(
      [
        [alice.memberId, "resolved"],
        [bob.memberId, "firing"],
      ].sort(),
    );
    // The resolution Alertmanager might still post later finds nothing new.
    const late = alertGroupPayload(alice.memberId, {
      status: "resolved",
      alerts: [
        {
          targetId: alice.targetId,
          fingerprint: states.find((s) => s.memberId === alice.memberId)!.fingerprint,
          startsAt: startsAtInWebhook,
        },
      ],
    });
    expect(await recordAlertGroup(handle.db, late)).toBe(0);
  });
});
