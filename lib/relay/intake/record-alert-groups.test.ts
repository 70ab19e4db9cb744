import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { recordAlertGroup } from "./record-alert-groups";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const rowsOf = (memberId: string) => handle.db.select().from(notifications).where(eq(notifications.memberId, memberId));

describe("recordAlertGroup", () => {
  it("stores one compact notification per verified channel, and nothing for a repeated post", async () => {
    const { memberId, targetId } = await seedMember(handle.db);
    const first = await seedMatrixChannel(handle.db, memberId);
    const second = await seedMatrixChannel(handle.db, memberId);
    await seedMatrixChannel(handle.db, memberId, { verified: false });
    const payload = alertGroupPayload(memberId, { alerts: [{ targetId, summary: "Probe failed" }] });

    expect(await recordAlertGroup(handle.db, payload)).toBe(2);
    expect(await recordAlertGroup(handle.db, structuredClone(payload))).toBe(0);

    const rows = await rowsOf(memberId);
    expect(rows.map((row) => row.channelId).sort()).toEqual([first, second].sort());
    expect(rows[0]).toMatchObject({
      deliveryState: "pending",
      alertStatus: "firing",
      groupKey: payload.groupKey,
      attempts: 0,
    });
    expect(rows[0]?.alerts).toEqual([
      {
        alertname: "BlackboxProbeFailed",
        status: "firing",
        severity: "critical",
        targetId,
        instance: "https://brick-0.example.org/",
        summary: "Probe failed",
        startsAt: "2026-11-26T23:49:48.97Z",
        fingerprint: payload.alerts[0]?.fingerprint,
      },
    ]);
  });

  it("keeps a redirect alert's status code, and only when it is one", async () => {
    const { memberId, targetId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    const payload = alertGroupPayload(memberId, {
      alerts: [
        { targetId, alertname: "BlackboxHttpRedirect", fingerprint: "r1", annotations: { status_code: "302" } },
        { targetId, alertname: "BlackboxHttpRedirect", fingerprint: "r2", annotations: { status_code: "<no value>" } },
      ],
    });
    expect(await recordAlertGroup(handle.db, payload)).toBe(1);
    const [row] = await rowsOf(memberId);
    expect(row?.alerts.map((alert) => alert.statusCode)).toEqual([302, undefined]);
  });

  it("ignores alert order but stores each new state of the group", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    const payload = alertGroupPayload(memberId, { alerts: [{ fingerprint: "aa" }, { fingerprint: "bb" }] });
    expect(await recordAlertGroup(handle.db, payload)).toBe(1);

    const reordered = { ...payload, alerts: [...payload.alerts].reverse() };
    expect(await recordAlertGroup(handle.db, reordered)).toBe(0);

    const oneResolvedInside = alertGroupPayload(memberId, {
      alerts: [{ fingerprint: "aa" }, { fingerprint: "bb", status: "resolved" }],
    });
    expect(await recordAlertGroup(handle.db, oneResolvedInside)).toBe(1);
    expect(
      await recordAlertGroup(
        handle.db,
        alertGroupPayload(memberId, { status: "resolved", alerts: [{ fingerprint: "aa" }, { fingerprint: "bb" }] }),
      ),
    ).toBe(1);
    // Each row carries only what changed: the second resolution is bb's, the third aa's.
    const rows = (await rowsOf(memberId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(rows.map((row) => [row.alertStatus, row.alerts.map((alert) => alert.fingerprint)])).toEqual([
      ["firing", ["aa", "bb"]],
      ["resolved", ["bb"]],
      ["resolved", ["aa"]],
    ]);
  });

  it("drops a stale firing post that a clustered peer sends after the resolution", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    const firing = alertGroupPayload(memberId);
    expect(await recordAlertGroup(handle.db, firing)).toBe(1);
    expect(await recordAlertGroup(handle.db, alertGroupPayload(memberId, { status: "resolved" }))).toBe(1);
    expect(await recordAlertGroup(handle.db, structuredClone(firing))).toBe(0);
  });

  it("succeeds without storing anything for a member with no verified channel", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId, { verified: false });
    expect(await recordAlertGroup(handle.db, alertGroupPayload(memberId))).toBe(0);
    expect(await recordAlertGroup(handle.db, alertGroupPayload("m_unknown"))).toBe(0);
    expect(await rowsOf(memberId)).toEqual([]);
  });
});
