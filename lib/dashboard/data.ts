import "server-only";
import { and, asc, desc, gte } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type NotificationAlert, notifications, targets } from "@/lib/db/schema";
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

export type RecentAlert = {
  alertname: string;
  status: NotificationAlert["status"];
  severity: string | null;
  receivedAt: Date;
  /** Every copy of it was given up (dead-lettered): the member must not believe they were told. */
  undelivered: boolean;
};

/**
 * The alerts each target received, newest first, at most `perTarget` each. A group is stored once per channel,
 * so the same alert state is counted once whatever the number of channels, and it counts as delivered as soon as
 * one channel's copy was not given up.
 */
export function groupAlertsByTarget(
  rows: readonly { alerts: NotificationAlert[]; createdAt: Date; state: "pending" | "sent" | "dead" }[],
  ownTargetIds: ReadonlySet<string>,
  perTarget: number,
): Map<string, RecentAlert[]> {
  const seen = new Map<string, RecentAlert | null>();
  const byTarget = new Map<string, RecentAlert[]>();
  for (const row of rows) {
    for (const alert of row.alerts) {
      if (!alert.targetId || !ownTargetIds.has(alert.targetId)) continue;
      const key = [alert.targetId, alert.alertname, alert.status, alert.startsAt].join("|");
      if (seen.has(key)) {
        const shown = seen.get(key);
        if (shown && row.state !== "dead") shown.undelivered = false;
        continue;
      }
      const list = byTarget.get(alert.targetId) ?? [];
      if (list.length >= perTarget) {
        seen.set(key, null);
        continue;
      }
      const entry = {
        alertname: alert.alertname,
        status: alert.status,
        severity: alert.severity,
        receivedAt: row.createdAt,
        undelivered: row.state === "dead",
      };
      seen.set(key, entry);
      list.push(entry);
      byTarget.set(alert.targetId, list);
    }
  }
  return byTarget;
}
