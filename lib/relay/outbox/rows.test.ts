import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import {
  backoffDelayMs,
  claimDueNotifications,
  markFailed,
  markSent,
  postpone,
  renewLeases,
  retryPolicy,
} from "./rows";

let handle: DbHandle;
let memberId: string;
let channelId: string;
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ memberId } = await seedMember(handle.db));
  channelId = await seedMatrixChannel(handle.db, memberId);
});
afterAll(() => handle.close());
beforeEach(async () => {
  await handle.db.delete(notifications);
});

async function enqueue(values: Partial<typeof notifications.$inferInsert> = {}): Promise<string> {
  const id = newId("n");
  await handle.db.insert(notifications).values({
    id,
    dedupeKey: id,
    memberId,
    channelId,
    groupKey: `{}:{${id}}`,
    alertStatus: "firing",
    alerts: [],
    ...values,
  });
  return id;
}
const rowOf = async (id: string) => (await handle.db.select().from(notifications).where(eq(notifications.id, id)))[0]!;

describe("claimDueNotifications", () => {
  it("leases due pending rows once, oldest first, up to the limit", async () => {
    const older = await enqueue({ nextAttemptAt: new Date(Date.now() - 60_000) });
    const newer = await enqueue();
    await enqueue({ nextAttemptAt: later(60_000) });
    await enqueue({ deliveryState: "sent" });
    const now = later(1_000);

    const first = await claimDueNotifications(handle.db, { limit: 1, leaseMs: 30_000, now });
    expect(first.map((row) => row.id)).toEqual([older]);
    expect(first[0]).toMatchObject({ attempts: 1, memberId, channelId, alertStatus: "firing" });
    const second = await claimDueNotifications(handle.db, { limit: 10, leaseMs: 30_000, now });
    expect(second.map((row) => row.id)).toEqual([newer]);
    expect(await claimDueNotifications(handle.db, { limit: 10, leaseMs: 30_000, now })).toEqual([]);
    expect((await rowOf(older)).leaseUntil?.getTime()).toBe(now.getTime() + 30_000);
  });

  it("hands a row out again once its lease has expired (its worker died)", async () => {
    const id = await enqueue();
    await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(1_000) });
    expect(await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(1_500) })).toEqual([]);
    const again = await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(2_500) });
    expect(again).toMatchObject([{ id, attempts: 2 }]);
  });

  it("never gives the same row to two concurrent claimers", async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => enqueue()));
    const now = later(1_000);
    const batches = await Promise.all(
      Array.from({ length: 4 }, () => claimDueNotifications(handle.db, { limit: 8, leaseMs: 30_000, now })),
    );
    const claimed = batches.flat().map((row) => row.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(ids.sort());
  });

  it("hands out a channel's messages about one group one at a time, in order", async () => {
    const group = '{}:{member="m_1"}';
    const firing = await enqueue({ groupKey: group, createdAt: new Date(Date.now() - 2_000) });
    const resolved = await enqueue({
      groupKey: group,
      alertStatus: "resolved",
      createdAt: new Date(Date.now() - 1_000),
    });
    const otherGroup = await enqueue();
    const now = later(1_000);

    const first = await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now });
    expect(first.map((row) => row.id).sort()).toEqual([firing, otherGroup].sort());
    await markSent(handle.db, otherGroup, "$other");
    // The firing row's worker died: its lease expires, and it still goes first.
    expect(
      (await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(2_500) })).map((row) => row.id),
    ).toEqual([firing]);
    await markSent(handle.db, firing, "$event");
    expect(
      (await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(2_600) })).map((row) => row.id),
    ).toEqual([resolved]);
  });
});

describe("renewLeases", () => {
  it("extends only the leases of the claimed rows still pending, so a finished row is not held again", async () => {
    const [held, sent, failed, postponed] = await Promise.all(Array.from({ length: 4 }, () => enqueue()));
    const unclaimed = await enqueue({ nextAttemptAt: later(60_000) });
    await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(1_000) });
    await markSent(handle.db, sent!, "$event");
    await markFailed(handle.db, failed!, "HTTP 502", { permanent: false });
    await postpone(handle.db, postponed!, later(60_000));
    const now = later(1_500);

    expect(await renewLeases(handle.db, [held!, sent!, failed!, postponed!, unclaimed], 30_000, now)).toBe(1);
    expect((await rowOf(held!)).leaseUntil?.getTime()).toBe(now.getTime() + 30_000);
    for (const id of [sent!, failed!, postponed!, unclaimed]) expect((await rowOf(id)).leaseUntil).toBeNull();
    // Past its first lease (the failed row's retry is not due yet): renewed, another worker cannot claim it.
    expect(await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(2_200) })).toEqual([]);
    expect(await renewLeases(handle.db, [], 30_000)).toBe(0);
  });
});

describe("markSent and markFailed", () => {
  it("records the external id of a sent row and releases the lease", async () => {
    const id = await enqueue();
    await claimDueNotifications(handle.db, { limit: 1, leaseMs: 30_000, now: later(1_000) });
    await markSent(handle.db, id, "$event");
    expect(await rowOf(id)).toMatchObject({ deliveryState: "sent", externalId: "$event", leaseUntil: null });
  });

  it("retries a temporary failure later, honouring the server's retry delay", async () => {
    const id = await enqueue();
    await claimDueNotifications(handle.db, { limit: 1, leaseMs: 30_000, now: later(1_000) });
    const now = new Date();
    expect(await markFailed(handle.db, id, "HTTP 502", { permanent: false, now })).toBe("retry");
    const backedOff = (await rowOf(id)).nextAttemptAt.getTime() - now.getTime();
    expect(backedOff).toBeGreaterThanOrEqual(2_500);
    expect(backedOff).toBeLessThanOrEqual(5_000);
    expect(await rowOf(id)).toMatchObject({ deliveryState: "pending", lastError: "HTTP 502", leaseUntil: null });

    await markFailed(handle.db, id, "M_LIMIT_EXCEEDED", { permanent: false, retryAfterMs: 90_000, now });
    expect((await rowOf(id)).nextAttemptAt.getTime()).toBe(now.getTime() + 90_000);
  });

  it("gives up on a permanent error, and on a notification that has become too old", async () => {
    const forbidden = await enqueue();
    expect(await markFailed(handle.db, forbidden, "M_FORBIDDEN", { permanent: true })).toBe("dead");
    expect(await rowOf(forbidden)).toMatchObject({ deliveryState: "dead", lastError: "M_FORBIDDEN" });

    const stale = await enqueue({ createdAt: new Date(Date.now() - retryPolicy.maxAgeMs + 1_000) });
    expect(await markFailed(handle.db, stale, "HTTP 503", { permanent: false })).toBe("dead");
    expect(await claimDueNotifications(handle.db, { limit: 10, leaseMs: 1_000, now: later(3_600_000) })).toEqual([]);
  });
});

describe("backoffDelayMs", () => {
  it("doubles from 5 s, is capped at 10 min, and jitters within the upper half", () => {
    expect([1, 2, 3].map((n) => backoffDelayMs(n, () => 1))).toEqual([5_000, 10_000, 20_000]);
    expect(backoffDelayMs(3, () => 0)).toBe(10_000);
    expect(backoffDelayMs(50, () => 1)).toBe(600_000);
  });
});
