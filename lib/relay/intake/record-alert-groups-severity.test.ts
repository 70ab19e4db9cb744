import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, notifications, type Severity } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { recordAlertGroup } from "./record-alert-groups";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

async function channelWithMinimum(memberId: string, minSeverity: Severity) {
  const id = await seedMatrixChannel(handle.db, memberId);
  await handle.db.update(channels).set({ minSeverity }).where(eq(channels.id, id));
  return id;
}

/** The payload helper's alerts are critical; these tests set each alert's severity. */
function payloadWith(
  memberId: string,
  status: "firing" | "resolved",
  alerts: { severity: string | null; status?: "firing" | "resolved" }[],
) {
  const payload = alertGroupPayload(memberId, {
    status,
    alerts: alerts.map((alert, index) => ({
      fingerprint: `f${index}`,
      ...(alert.status ? { status: alert.status } : {}),
    })),
  });
  payload.alerts.forEach((alert, index) => {
    const severity = alerts[index]?.severity;
    if (severity === null || severity === undefined) delete alert.labels.severity;
    else alert.labels.severity = severity;
  });
  return payload;
}

const receivers = async (memberId: string, status: "firing" | "resolved") =>
  (await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId)))
    .filter((row) => row.alertStatus === status)
    .map((row) => row.channelId)
    .sort();

describe("minimum severity per channel", () => {
  it("sends a group only to channels whose minimum its highest firing severity reaches", async () => {
    const { memberId } = await seedMember(handle.db);
    const info = await channelWithMinimum(memberId, "info");
    const warning = await channelWithMinimum(memberId, "warning");
    await channelWithMinimum(memberId, "critical");

    await recordAlertGroup(handle.db, payloadWith(memberId, "firing", [{ severity: "info" }, { severity: "warning" }]));
    expect(await receivers(memberId, "firing")).toEqual([info, warning].sort());
  });

  it("treats an alert without a known severity as critical, so no minimum hides it", async () => {
    const { memberId } = await seedMember(handle.db);
    const critical = await channelWithMinimum(memberId, "critical");
    await recordAlertGroup(handle.db, payloadWith(memberId, "firing", [{ severity: null }]));
    expect(await receivers(memberId, "firing")).toEqual([critical]);
  });

  it("sends a resolution only where the firing message went", async () => {
    const { memberId } = await seedMember(handle.db);
    const info = await channelWithMinimum(memberId, "info");
    await channelWithMinimum(memberId, "critical");
    await recordAlertGroup(handle.db, payloadWith(memberId, "firing", [{ severity: "warning" }]));
    const late = await channelWithMinimum(memberId, "info");

    await recordAlertGroup(handle.db, payloadWith(memberId, "resolved", [{ severity: "warning" }]));
    expect(await receivers(memberId, "resolved")).toEqual([info]);
    expect(await receivers(memberId, "firing")).not.toContain(late);
  });

  it("tells a critical-only channel that its critical alert resolved while a warning still fires", async () => {
    const { memberId } = await seedMember(handle.db);
    const critical = await channelWithMinimum(memberId, "critical");
    await recordAlertGroup(
      handle.db,
      payloadWith(memberId, "firing", [{ severity: "critical" }, { severity: "warning" }]),
    );
    await recordAlertGroup(
      handle.db,
      payloadWith(memberId, "firing", [{ severity: "critical", status: "resolved" }, { severity: "warning" }]),
    );
    expect(await receivers(memberId, "firing")).toEqual([critical]);
    expect(await receivers(memberId, "resolved")).toEqual([critical]);
    // A later warning-only group state without news of a resolution stays below the minimum.
    const { memberId: other } = await seedMember(handle.db);
    await channelWithMinimum(other, "critical");
    await recordAlertGroup(handle.db, payloadWith(other, "firing", [{ severity: "warning" }]));
    expect(await receivers(other, "firing")).toEqual([]);
  });
});
