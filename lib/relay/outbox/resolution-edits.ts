import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { alertStates, type NotificationAlert, notifications } from "@/lib/db/schema";
import { ownedBy } from "@/lib/policy";
import { occurrenceKey } from "../intake/alert-changes";
import type { ClaimedNotification } from "./rows";

/** A message already on the member's channel, with the alerts it announced. */
export type AnnouncingMessage = { notificationId: string; externalId: string; alerts: NotificationAlert[] };

/** How far back a resolution looks for the messages it closes: a group's firing message and its reminders. */
const searchDepth = 50;

/**
 * The sent messages on this row's channel that announced an occurrence this row resolves (the first firing
 * message and any reminders), newest first. Older rows without fingerprints are never matched.
 */
export async function findAnnouncingMessages(db: Db, row: ClaimedNotification): Promise<AnnouncingMessage[]> {
  const resolvedKeys = new Set(row.alerts.filter(isResolvedOccurrence).map(keyOf));
  if (resolvedKeys.size === 0) return [];
  const sent = await db
    .select({ notificationId: notifications.id, externalId: notifications.externalId, alerts: notifications.alerts })
    .from(notifications)
    .where(
      and(
        eq(notifications.channelId, row.channelId),
        eq(notifications.groupKey, row.groupKey),
        eq(notifications.alertStatus, "firing"),
        eq(notifications.deliveryState, "sent"),
        isNotNull(notifications.externalId),
        isNull(notifications.redactedAt),
        isNull(notifications.notice),
      ),
    )
    .orderBy(desc(notifications.sentAt))
    .limit(searchDepth);
  return sent.flatMap((message) =>
    message.externalId &&
    message.alerts.some((alert) => alert.status === "firing" && alert.fingerprint && resolvedKeys.has(keyOf(alert)))
      ? [{ notificationId: message.notificationId, externalId: message.externalId, alerts: message.alerts }]
      : [],
  );
}

/** A message's alerts as they stand now, from what the member has been told since (`alert_states`). */
export async function alertsAsTheyStand(
  db: Db,
  memberId: string,
  alerts: NotificationAlert[],
): Promise<NotificationAlert[]> {
  const fingerprints = alerts.flatMap((alert) => (alert.fingerprint ? [alert.fingerprint] : []));
  if (fingerprints.length === 0) return alerts;
  const states = await db
    .select({ fingerprint: alertStates.fingerprint, startsAt: alertStates.startsAt, status: alertStates.status })
    .from(alertStates)
    .where(and(ownedBy(alertStates, memberId), inArray(alertStates.fingerprint, fingerprints)));
  const statusOf = new Map(states.map((state) => [occurrenceKey(state), state.status]));
  return alerts.map((alert) => {
    const status = alert.fingerprint ? statusOf.get(keyOf(alert)) : undefined;
    return status ? { ...alert, status } : alert;
  });
}

/** The resolved alerts of the row that none of the found messages announced: they need a message of their own. */
export function resolutionsNotAnnounced(
  row: ClaimedNotification,
  announcing: readonly AnnouncingMessage[],
): NotificationAlert[] {
  const announced = new Set(
    announcing.flatMap((message) => message.alerts.filter((alert) => alert.fingerprint).map(keyOf)),
  );
  return row.alerts.filter(
    (alert) => alert.status === "resolved" && !(isResolvedOccurrence(alert) && announced.has(keyOf(alert))),
  );
}

function isResolvedOccurrence(alert: NotificationAlert): boolean {
  return alert.status === "resolved" && Boolean(alert.fingerprint);
}

function keyOf(alert: NotificationAlert): string {
  return occurrenceKey({ fingerprint: alert.fingerprint ?? "", startsAt: alert.startsAt });
}
