import { createHash } from "node:crypto";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { rankSeverity } from "@/lib/channels/schema";
import type { Db } from "@/lib/db/client";
import { channels, notifications, type NotificationAlert } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { memberOfGroup, type WebhookAlert, type WebhookPayload } from "./webhook-payload";

/**
 * Stores one outbox row per verified channel of the group's member that wants it (see `channelsWanting`), in
 * one transaction, and returns how many rows are new. Alertmanager delivers at least once (and clustered peers each post the same group), so the
 * dedupe key makes a repeated post store nothing.
 */
export async function recordAlertGroup(db: Db, payload: WebhookPayload): Promise<number> {
  const memberId = memberOfGroup(payload);
  const alerts = summariseAlerts(payload.alerts);
  return db.transaction(async (tx) => {
    const verified = await channelsWanting(tx, memberId, payload);
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

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A channel receives a group when the group's highest firing severity reaches the channel's minimum. News of
 * a resolution follows the firing messages it closes: it goes to the channels that were told about this group
 * (and only those), whatever the severities left in it.
 */
async function channelsWanting(tx: Tx, memberId: string, payload: WebhookPayload): Promise<{ id: string }[]> {
  const verified = await tx
    .select({ id: channels.id, minSeverity: channels.minSeverity })
    .from(channels)
    .where(and(eq(channels.memberId, memberId), isNotNull(channels.verifiedAt)));
  if (verified.length === 0) return [];
  const firing = payload.status === "firing" ? payload.alerts.filter((alert) => alert.status === "firing") : [];
  const highest = Math.max(-1, ...firing.map((alert) => rankSeverity(alert.labels.severity)));
  const bringsResolution = payload.alerts.some((alert) => alert.status === "resolved");
  const told = bringsResolution ? await channelsToldAbout(tx, memberId, payload.groupKey, verified.map((c) => c.id)) : new Set();
  return verified.filter((channel) => highest >= rankSeverity(channel.minSeverity) || told.has(channel.id));
}

async function channelsToldAbout(tx: Tx, memberId: string, groupKey: string, channelIds: string[]): Promise<Set<string>> {
  const rows = await tx
    .selectDistinct({ channelId: notifications.channelId })
    .from(notifications)
    .where(
      and(
        eq(notifications.memberId, memberId),
        eq(notifications.groupKey, groupKey),
        eq(notifications.status, "firing"),
        inArray(notifications.channelId, channelIds),
      ),
    );
  return new Set(rows.map((row) => row.channelId));
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
