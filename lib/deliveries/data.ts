import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members, notifications } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";
import type { FailedDelivery, OutboxHealth } from "./schema";

/**
 * Dead-lettered notifications, newest first, at most `limit`, with how many there are in all. One statement: the
 * member and channel are joined, and the labels of the alerts' targets come from a subquery on the member's own
 * targets (a label the member renamed since shows its current name; a deleted target shows none).
 */
export async function listFailedDeliveries(
  db: Db,
  _admin: AdminScope,
  options: { limit?: number } = {},
): Promise<{ deliveries: FailedDelivery[]; total: number }> {
  const rows = await db
    .select({
      id: notifications.id,
      createdAt: notifications.createdAt,
      memberId: notifications.memberId,
      memberName: members.displayName,
      channelType: channels.type,
      channelAddress: channels.address,
      channelUsable: sql<boolean>`(${channels.verifiedAt} is not null and ${channels.disabledAt} is null)`,
      attempts: notifications.attempts,
      lastError: notifications.lastError,
      status: notifications.alertStatus,
      alerts: notifications.alerts,
      notice: notifications.notice,
      targetLabels: sql<Record<string, string>>`(
        select coalesce(jsonb_object_agg(t.id, t.label), '{}'::jsonb) from targets t
        where t.member_id = ${notifications.memberId}
          and t.id in (select a->>'targetId' from jsonb_array_elements(${notifications.alerts}) a))`,
      total: sql<number>`cast(count(*) over () as integer)`,
    })
    .from(notifications)
    .innerJoin(members, eq(members.id, notifications.memberId))
    .innerJoin(channels, eq(channels.id, notifications.channelId))
    .where(eq(notifications.deliveryState, "dead"))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit ?? 200);

  const deliveries = rows.map(
    (row): FailedDelivery => ({
      id: row.id,
      createdAt: row.createdAt,
      memberId: row.memberId,
      memberName: row.memberName,
      channelType: row.channelType,
      channelAddress: row.channelAddress,
      channelUsable: Boolean(row.channelUsable),
      attempts: row.attempts,
      lastError: row.lastError,
      status: row.status,
      notice: row.notice,
      alerts: row.alerts.map((alert) => ({
        alertname: alert.alertname,
        status: alert.status,
        targetLabel: alert.targetId ? (row.targetLabels[alert.targetId] ?? null) : null,
      })),
    }),
  );
  return { deliveries, total: Number(rows[0]?.total ?? 0) };
}

/** How the outbox is doing: waiting and given-up rows, and how long the oldest waiting one has waited. */
export async function readOutboxHealth(db: Db, _admin: AdminScope): Promise<OutboxHealth> {
  const [row] = await db
    .select({
      pending: sql<number>`cast(count(*) filter (where ${notifications.deliveryState} = 'pending') as integer)`,
      dead: sql<number>`cast(count(*) filter (where ${notifications.deliveryState} = 'dead') as integer)`,
      oldestPendingAt: sql<
        string | Date | null
      >`min(${notifications.createdAt}) filter (where ${notifications.deliveryState} = 'pending')`,
    })
    .from(notifications);
  // An aggregate without grouping always gives one row.
  const counts = row ?? { pending: 0, dead: 0, oldestPendingAt: null };
  return {
    pending: Number(counts.pending),
    dead: Number(counts.dead),
    oldestPendingAt: counts.oldestPendingAt === null ? null : new Date(counts.oldestPendingAt),
  };
}
