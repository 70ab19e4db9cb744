import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";
import type { DeliveryRefusal } from "./schema";

export type DeliveryActionResult = { ok: true } | { ok: false; reason: DeliveryRefusal };

const channelUsable = sql`exists (select 1 from channels usable where usable.id = ${notifications.channelId}
  and usable.verified_at is not null and usable.disabled_at is null)`;

// A newer message about the same group already went (or is going) to this channel: sending the old one now
// would put a stale state after a newer one, e.g. "firing" after "resolved".
const notSuperseded = sql`not exists (select 1 from notifications newer where newer.channel_id = ${notifications.channelId}
  and newer.group_key = ${notifications.groupKey} and newer.created_at > ${notifications.createdAt} and newer.delivery_state <> 'dead')`;

/**
 * Puts a dead-lettered notification back in the outbox, as if new: the worker picks it up at once. Its last
 * error stays until a send succeeds. Refused when its channel is no longer usable (the member must re-link it).
 */
export async function retryDelivery(
  db: Db,
  _admin: AdminScope,
  notificationId: string,
  now = new Date(),
): Promise<DeliveryActionResult> {
  const retried = await db
    .update(notifications)
    .set({ deliveryState: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null })
    .where(
      and(eq(notifications.id, notificationId), eq(notifications.deliveryState, "dead"), channelUsable, notSuperseded),
    )
    .returning({ id: notifications.id });
  if (retried.length > 0) return { ok: true };
  return { ok: false, reason: await whyNotRetried(db, notificationId) };
}

async function whyNotRetried(db: Db, notificationId: string): Promise<DeliveryRefusal> {
  const [row] = await db
    .select({ usable: sql<boolean>`(${channels.verifiedAt} is not null and ${channels.disabledAt} is null)` })
    .from(notifications)
    .innerJoin(channels, eq(channels.id, notifications.channelId))
    .where(and(eq(notifications.id, notificationId), eq(notifications.deliveryState, "dead")));
  if (!row) return "delivery_not_found";
  return row.usable ? "superseded" : "channel_unusable";
}

/** Deletes one dead-lettered notification; pending and sent rows are never touched from here. */
export async function discardDelivery(
  db: Db,
  _admin: AdminScope,
  notificationId: string,
): Promise<DeliveryActionResult> {
  const deleted = await db
    .delete(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.deliveryState, "dead")))
    .returning({ id: notifications.id });
  return deleted.length > 0 ? { ok: true } : { ok: false, reason: "delivery_not_found" };
}
