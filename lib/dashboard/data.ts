import "server-only";
import { and, asc, desc, eq, gte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notifications, targets } from "@/lib/db/schema";
import { ownedBy } from "@/lib/policy";

/** The member's targets with what the dashboard shows without metrics. */
export function listDashboardTargets(db: Db, memberId: string) {
  return db
    .select({
      id: targets.id,
      label: targets.label,
      kind: targets.kind,
      address: targets.address,
      status: targets.status,
      paused: targets.paused,
    })
    .from(targets)
    .where(ownedBy(targets, memberId))
    .orderBy(asc(targets.label), asc(targets.id));
}

/** Outbox rows of the member since `since`, newest first, in one query for all targets (bounded by `limit`). */
export function listRecentNotifications(db: Db, memberId: string, since: Date, limit: number) {
  return db
    .select({ alerts: notifications.alerts, createdAt: notifications.createdAt, state: notifications.deliveryState })
    .from(notifications)
    .where(and(ownedBy(notifications, memberId), gte(notifications.createdAt, since)))
    .orderBy(desc(notifications.createdAt), asc(notifications.id))
    .limit(limit);
}

/** One of the member's targets, or undefined: another member's id finds nothing. */
export async function findDashboardTarget(db: Db, memberId: string, targetId: string) {
  const [row] = await db
    .select({ id: targets.id, kind: targets.kind })
    .from(targets)
    .where(and(ownedBy(targets, memberId), eq(targets.id, targetId)))
    .limit(1);
  return row;
}
