import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";

/** Retry policy: 5 s, 10 s, 20 s … capped at 10 min, and given up once a notification is a day old. */
export const retryPolicy = { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, maxAgeMs: 24 * 60 * 60_000 };

export type ClaimedNotification = Pick<
  typeof notifications.$inferSelect,
  "id" | "memberId" | "channelId" | "groupKey" | "alertStatus" | "alerts" | "notice" | "attempts" | "createdAt"
>;

/**
 * Leases due notifications to this worker, each channel's messages about a group one at a time and in order. SKIP LOCKED lets several workers claim side by side without
 * waiting on each other; the lease (instead of a long transaction) covers the send, and a worker that dies
 * mid-send only delays the row until the lease expires. `attempts` counts claims, so crashes count too.
 */
export async function claimDueNotifications(
  db: Db,
  options: { limit: number; leaseMs: number; now?: Date },
): Promise<ClaimedNotification[]> {
  const now = options.now ?? new Date();
  const claimable = and(
    eq(notifications.deliveryState, "pending"),
    lte(notifications.nextAttemptAt, now),
    or(isNull(notifications.leaseUntil), lte(notifications.leaseUntil, now)),
    // In order per channel and group: a resolution never overtakes the firing message it edits or answers.
    sql`not exists (select 1 from notifications earlier where earlier.channel_id = ${notifications.channelId}
      and earlier.group_key = ${notifications.groupKey} and earlier.delivery_state = 'pending'
      and (earlier.created_at, earlier.id) < (${notifications.createdAt}, ${notifications.id}))`,
  );
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(claimable)
    .orderBy(asc(notifications.nextAttemptAt))
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return (
    db
      .update(notifications)
      .set({ leaseUntil: new Date(now.getTime() + options.leaseMs), attempts: sql`${notifications.attempts} + 1` })
      // `= any(array(…))` runs the locking select once, as an init plan. With `in (select …)` PostgreSQL may
      // rescan it per row; the rescan skips the rows this statement has just updated and LIMIT then lets more
      // rows in (seen here: a limit of 1 claimed 2). Repeating the condition guards against rows that changed
      // between the snapshot and the lock.
      .where(and(sql`${notifications.id} = any(array(${due}))`, claimable))
      .returning({
        id: notifications.id,
        memberId: notifications.memberId,
        channelId: notifications.channelId,
        groupKey: notifications.groupKey,
        alertStatus: notifications.alertStatus,
        alerts: notifications.alerts,
        notice: notifications.notice,
        attempts: notifications.attempts,
        createdAt: notifications.createdAt,
      })
  );
}

/**
 * Extends the lease of the claimed rows this worker still holds: the heartbeat of a pass, so a lease can stay
 * short (a dead worker's rows come back soon) while a slow send keeps its row. Rows already sent, postponed or
 * failed have no lease or left `pending`, and are skipped. Returns how many were renewed.
 */
export async function renewLeases(db: Db, ids: readonly string[], leaseMs: number, now = new Date()): Promise<number> {
  if (ids.length === 0) return 0;
  const renewed = await db
    .update(notifications)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs) })
    .where(
      and(
        inArray(notifications.id, [...ids]),
        eq(notifications.deliveryState, "pending"),
        isNotNull(notifications.leaseUntil),
      ),
    )
    .returning({ id: notifications.id });
  return renewed.length;
}

/** Makes every leased row claimable again; only for a worker that knows it is alone. Returns how many. */
export async function releaseAllLeases(db: Db): Promise<number> {
  const released = await db
    .update(notifications)
    .set({ leaseUntil: null })
    .where(and(eq(notifications.deliveryState, "pending"), isNotNull(notifications.leaseUntil)))
    .returning({ id: notifications.id });
  return released.length;
}

/** Puts a claimed row back untouched until `until` (its server asked to slow down): no attempt is counted. */
export async function postpone(db: Db, id: string, until: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ nextAttemptAt: until, leaseUntil: null, attempts: sql`greatest(${notifications.attempts} - 1, 0)` })
    .where(and(eq(notifications.id, id), eq(notifications.deliveryState, "pending")));
}

export async function markSent(db: Db, id: string, externalId: string, now = new Date()): Promise<void> {
  await db
    .update(notifications)
    .set({ deliveryState: "sent", externalId, sentAt: now, leaseUntil: null, lastError: null })
    .where(and(eq(notifications.id, id), eq(notifications.deliveryState, "pending")));
}

/**
 * Schedules the next attempt, or gives up (`dead`, shown to admins) on a permanent error or once the next
 * attempt would fall past the notification's maximum age: an alert delivered a day late helps nobody.
 */
export async function markFailed(
  db: Db,
  id: string,
  error: string,
  options: { retryAfterMs?: number; permanent: boolean; now?: Date },
): Promise<"retry" | "dead"> {
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ attempts: notifications.attempts, createdAt: notifications.createdAt })
    .from(notifications)
    .where(eq(notifications.id, id));
  if (!row) return "dead";
  const delayMs = Math.max(backoffDelayMs(row.attempts), options.retryAfterMs ?? 0);
  const nextAttemptAt = new Date(now.getTime() + delayMs);
  const tooOld = nextAttemptAt.getTime() - row.createdAt.getTime() > retryPolicy.maxAgeMs;
  const state = options.permanent || tooOld ? "dead" : "pending";
  await db
    .update(notifications)
    .set({ deliveryState: state, nextAttemptAt, leaseUntil: null, lastError: error.slice(0, 500) })
    .where(and(eq(notifications.id, id), eq(notifications.deliveryState, "pending")));
  return state === "dead" ? "dead" : "retry";
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): retries of a burst that failed
 * together (a homeserver restart) spread out instead of hammering it again in step.
 */
export function backoffDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
