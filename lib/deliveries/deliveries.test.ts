import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { type NotificationAlert, notifications } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";
import { disableChannel } from "@/lib/relay/outbox/channel-failure";
import { createTestDatabase } from "@/lib/testing/database";
import { seedAdmin, seedNotification } from "@/lib/testing/deliveries";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor } from "@/lib/testing/scopes";
import { listFailedDeliveries, readOutboxHealth } from "./data";
import { discardDelivery, retryDelivery } from "./mutations";

let handle: DbHandle;
let admin: AdminScope;
let alice: { memberId: string; targetId: string };
let channel: string;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const firing = (targetId: string | null): NotificationAlert => ({
  alertname: "BlackboxProbeFailed",
  status: "firing",
  severity: "critical",
  targetId,
  instance: null,
  summary: null,
  startsAt: "2026-11-26T10:00:00Z",
});
const rowOf = async (id: string) => (await handle.db.select().from(notifications).where(eq(notifications.id, id)))[0];

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = adminScopeFor(await seedAdmin(handle.db));
  alice = await seedMember(handle.db, { targetLabel: "Alice's brick" });
  channel = await seedMatrixChannel(handle.db, alice.memberId);
});
afterAll(() => handle.close());

describe("listFailedDeliveries and readOutboxHealth", () => {
  it("list dead rows newest first with member, channel, target labels and a total, only for an admin", async () => {
    const older = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      alerts: [firing(alice.targetId), firing("t_gone")],
      createdAt: minutesAgo(30),
      groupKey: "g-list",
    });
    const newer = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      createdAt: minutesAgo(10),
      groupKey: "notice-list",
      notice: { type: "infra_note", incidentId: "i_1", componentName: "pve1", text: "Maintenance" },
    });
    await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "pending",
      createdAt: minutesAgo(20),
      groupKey: "g-pending",
    });
    await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "sent",
      groupKey: "g-sent",
    });

    const { deliveries, total } = await listFailedDeliveries(handle.db, admin);
    expect(total).toBe(2);
    expect(deliveries.map((delivery) => delivery.id)).toEqual([newer, older]);
    expect(deliveries[1]).toMatchObject({
      memberId: alice.memberId,
      channelType: "matrix",
      channelUsable: true,
      attempts: 7,
      lastError: "matrix: HTTP 500",
      alerts: [
        { alertname: "BlackboxProbeFailed", targetLabel: "Alice's brick" },
        { alertname: "BlackboxProbeFailed", targetLabel: null },
      ],
    });
    expect(deliveries[0]?.notice).toMatchObject({ type: "infra_note" });

    const limited = await listFailedDeliveries(handle.db, admin, { limit: 1 });
    expect(limited).toMatchObject({ total: 2, deliveries: [{ id: newer }] });

    const health = await readOutboxHealth(handle.db, admin);
    expect(health).toMatchObject({ pending: 1, dead: 2 });
    expect(Math.abs(health!.oldestPendingAt!.getTime() - minutesAgo(20).getTime())).toBeLessThan(60_000);
  });
});

describe("retryDelivery", () => {
  it("puts a dead row back in the outbox, keeping its last error", async () => {
    const id = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      groupKey: "g-retry",
      lastError: "matrix: timeout",
    });
    const now = new Date();
    expect(await retryDelivery(handle.db, admin, id, now)).toEqual({ ok: true });
    expect(await rowOf(id)).toMatchObject({
      deliveryState: "pending",
      attempts: 0,
      nextAttemptAt: now,
      lastError: "matrix: timeout",
      leaseUntil: null,
    });
    expect(await retryDelivery(handle.db, admin, id)).toEqual({ ok: false, reason: "delivery_not_found" });
  });

  it("refuses a row a newer message about the same group already replaced", async () => {
    const old = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      groupKey: "g-stale",
      createdAt: minutesAgo(5),
    });
    await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "sent",
      groupKey: "g-stale",
    });
    expect(await retryDelivery(handle.db, admin, old)).toEqual({ ok: false, reason: "superseded" });
  });

  it("refuses a disabled channel", async () => {
    const other = await seedMember(handle.db);
    const kicked = await seedMatrixChannel(handle.db, other.memberId);
    const id = await seedNotification(handle.db, {
      memberId: other.memberId,
      channelId: kicked,
      state: "dead",
      groupKey: "g-kicked",
    });
    await disableChannel(handle.db, {
      channelId: kicked,
      memberId: other.memberId,
      reason: "matrix: HTTP 403 M_FORBIDDEN",
    });
    expect(await retryDelivery(handle.db, admin, id)).toEqual({ ok: false, reason: "channel_unusable" });
    expect(await rowOf(id)).toMatchObject({ deliveryState: "dead", attempts: 7 });
  });
});

describe("discardDelivery", () => {
  it("deletes only that dead row", async () => {
    const target = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      groupKey: "g-discard",
    });
    const sibling = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "dead",
      groupKey: "g-discard",
    });
    const sent = await seedNotification(handle.db, {
      memberId: alice.memberId,
      channelId: channel,
      state: "sent",
      groupKey: "g-discard",
    });
    const countBefore = (await handle.db.select({ id: notifications.id }).from(notifications)).length;

    expect(await discardDelivery(handle.db, admin, sent)).toEqual({ ok: false, reason: "delivery_not_found" });
    expect(await discardDelivery(handle.db, admin, target)).toEqual({ ok: true });

    expect(await rowOf(target)).toBeUndefined();
    expect(await rowOf(sibling)).toMatchObject({ deliveryState: "dead" });
    expect(await rowOf(sent)).toMatchObject({ deliveryState: "sent" });
    expect((await handle.db.select({ id: notifications.id }).from(notifications)).length).toBe(countBefore - 1);
  });
});
