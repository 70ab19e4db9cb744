import { createHash } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, notifications, type NotificationAlert } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { memberOfGroup, type WebhookAlert, type WebhookPayload } from "./webhook-payload";

/**
 * Stores one outbox row per verified channel of the group's member, in one transaction, and returns how many
 * rows are new. Alertmanager delivers at least once (and clustered peers each post the same group), so the
 * dedupe key makes a repeated post store nothing.
 */
export async function recordAlertGroup(db: Db, payload: WebhookPayload): Promise<number> {
  const memberId = memberOfGroup(payload);
  const alerts = summariseAlerts(payload.alerts);
  return db.transaction(async (tx) => {
    const verified = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.memberId, memberId), isNotNull(channels.verifiedAt)));
    if (verified.length === 0) return 0;
    const stored = await tx
      .insert(notifications)
      .values(
        verified.map((channel) => ({
          id: newId("n"),
          dedupeKey: dedupeKeyFor(payload, channel.id),
          memberId,
          channelId: channel.id,
          groupKey: payload.groupKey,
          status: payload.status,
          alerts,
        })),
      )
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    return stored.length;
  });
}

/**
 * Identifies one state of one group for one channel. Alert order and Alertmanager's receiver name do not
 * matter; each alert's status and times do, so a later change of the group is a new notification.
 */
function dedupeKeyFor(payload: WebhookPayload, channelId: string): string {
  const alertStates = payload.alerts
    .map((alert) => [alert.fingerprint, alert.status, alert.startsAt, alert.endsAt].join("|"))
    .sort();
  return createHash("sha256")
    .update(JSON.stringify([payload.groupKey, payload.status, channelId, alertStates]))
    .digest("hex");
}

/** What the message needs, and no more: labels beyond these never reach the outbox. */
function summariseAlerts(alerts: WebhookAlert[]): NotificationAlert[] {
  return alerts
    .map((alert) => ({
      alertname: alert.labels.alertname as string,
      status: alert.status,
      severity: alert.labels.severity ?? null,
      targetId: alert.labels.target ?? null,
      instance: alert.labels.instance ?? null,
      summary: alert.annotations.summary ?? null,
      startsAt: alert.startsAt,
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.alertname.localeCompare(b.alertname));
}
