import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { alertStates, notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { createAlertmanagerApi, listAllMemberAlerts, type AlertmanagerApi } from "@/lib/monitoring/alertmanager-api";
import { startStandaloneAlertmanager, type StandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";
import { recordAlertGroup } from "./intake";
import { alertGroupPayload } from "./testing/payloads";
import { seedMatrixChannel, seedMember } from "./testing/seed";
import { createVanishedAlertCloser } from "./vanished-alerts";

let tmp: string;
let handle: DbHandle;
let alertmanager: StandaloneAlertmanager | undefined;
let am: AlertmanagerApi;
// Ten minutes ago at …:…:…120 ms: Alertmanager's API writes it "….120Z", its webhook (Go's RFC 3339 with
// nanoseconds) "….12Z".
const started = new Date(Math.floor((Date.now() - 600_000) / 1000) * 1000 + 120);
const startsAtInApi = started.toISOString();
const startsAtInWebhook = startsAtInApi.replace("120Z", "12Z");

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-vanished-"));
  handle = await createTestDatabase();
  // Nothing is routed anywhere: the test only reads Alertmanager's alert list.
  alertmanager = await startStandaloneAlertmanager({ workDir: tmp, config: "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n" });
  am = createAlertmanagerApi(alertmanager.url);
}, 60_000);

afterAll(async () => {
  await alertmanager?.stop();
  await handle?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function postAlert(labels: Record<string, string>, endsAt: Date) {
  const body = JSON.stringify([{ labels: { alertname: "BlackboxProbeFailed", ...labels }, startsAt: startsAtInApi, endsAt: endsAt.toISOString() }]);
  const response = await fetch(`${am.baseUrl}/api/v2/alerts`, { method: "POST", headers: { "content-type": "application/json" }, body });
  expect(response.ok).toBe(true);
}

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
    expect(aliceRows.map((row) => row.status).sort()).toEqual(["firing", "resolved"]);
    const states = await handle.db.select().from(alertStates);
    expect(states.map((state) => [state.memberId, state.status]).sort()).toEqual(
      [[alice.memberId, "resolved"], [bob.memberId, "firing"]].sort(),
    );
    // The resolution Alertmanager might still post later finds nothing new.
    const late = alertGroupPayload(alice.memberId, { status: "resolved", alerts: [{ targetId: alice.targetId, fingerprint: states.find((s) => s.memberId === alice.memberId)!.fingerprint, startsAt: startsAtInWebhook }] });
    expect(await recordAlertGroup(handle.db, late)).toBe(0);
  });
});
