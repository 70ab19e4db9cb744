import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { infraIncidents, notifications } from "@/lib/db/schema";
import { type AlertmanagerApi, listInfraAlerts } from "@/lib/monitoring/alertmanager-api";
import { createTestDatabase } from "@/lib/testing/database";
import { infraGroupPayload, seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import {
  type ListingAlertmanager,
  occurrenceStart,
  startListingAlertmanager,
} from "@/lib/testing/relay/listing-alertmanager";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { recordInfraGroup } from "../infra/incidents";
import { createVanishedIncidentCloser } from "./vanished-incidents";

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

/** What vmalert sends for a component's down alert (a past `endsAt` resolves it). */
const postInfraAlert = (componentId: string, endsAt: Date) =>
  alertmanager!.postAlert(
    { alertname: "InfraHypervisorDown", infra: componentId, component_kind: "hypervisor", severity: "critical" },
    endsAt,
  );

/** A component whose outage one member was told about, with the fingerprint Alertmanager itself reports. */
async function seedIncident() {
  const componentId = await seedComponent(handle.db, "hypervisor");
  const member = await seedMember(handle.db);
  await seedTarget(handle.db, member.memberId, { kind: "vps", dependsOn: componentId });
  await seedMatrixChannel(handle.db, member.memberId);
  await postInfraAlert(componentId, new Date(Date.now() + 3_600_000));
  const listed = (await listInfraAlerts(am)).find((alert) => alert.labels.infra === componentId);
  const firing = infraGroupPayload(componentId, { fingerprint: listed!.fingerprint, startsAt: startsAtInWebhook });
  expect(await recordInfraGroup(handle.db, firing)).toMatchObject({ opened: 1, queued: 1 });
  return { componentId, memberId: member.memberId, firing };
}

const noticesOf = async (memberIds: string[]) =>
  (await handle.db.select().from(notifications).where(inArray(notifications.memberId, memberIds)))
    .map((row) => `${row.memberId} ${row.notice?.type}`)
    .sort();

describe("ending infra incidents whose resolution Alertmanager will never send", () => {
  it("ends, once and after a confirmation, only the incidents Alertmanager no longer lists", async () => {
    const live = await seedIncident();
    const lost = await seedIncident();
    // The outage ends in Alertmanager, but the post of its resolution is given up on.
    await postInfraAlert(lost.componentId, new Date(Date.now() - 1_000));

    const closer = createVanishedIncidentCloser({
      db: handle.db,
      alertmanager: am,
      minAgeMs: 0,
      confirmAfterMs: 60_000,
    });
    const now = Date.now();
    expect(await closer.sweep(new Date(now))).toBe(0);
    expect(await closer.sweep(new Date(now + 30_000))).toBe(0);
    expect(await closer.sweep(new Date(now + 61_000))).toBe(1);
    expect(await closer.sweep(new Date(now + 122_000))).toBe(0);

    const incidents = await handle.db
      .select()
      .from(infraIncidents)
      .where(inArray(infraIncidents.componentId, [live.componentId, lost.componentId]));
    expect(incidents.map((incident) => [incident.componentId, incident.endedAt === null]).sort()).toEqual(
      [
        [live.componentId, true],
        [lost.componentId, false],
      ].sort(),
    );
    const members = [live.memberId, lost.memberId];
    const told = [
      `${live.memberId} infra_started`,
      `${lost.memberId} infra_ended`,
      `${lost.memberId} infra_started`,
    ].sort();
    expect(await noticesOf(members)).toEqual(told);
    // The resolution Alertmanager might still post later finds nothing to end.
    const late = {
      ...lost.firing,
      status: "resolved" as const,
      alerts: lost.firing.alerts.map((alert) => ({
        ...alert,
        status: "resolved" as const,
        endsAt: new Date().toISOString(),
      })),
    };
    expect(await recordInfraGroup(handle.db, late)).toMatchObject({ ended: 0, queued: 0 });
    expect(await noticesOf(members)).toEqual(told);
  });
});
