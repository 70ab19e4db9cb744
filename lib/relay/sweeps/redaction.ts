import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { Method } from "matrix-js-sdk";
import type { Db } from "@/lib/db/client";
import { channels, members, notifications } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { createMatrixApi, toTransportError } from "../transports/matrix";
import { TransportError } from "../transports/transport-error";

type MatrixApi = ReturnType<typeof createMatrixApi>;

export type ExpiredMessage = { id: string; roomId: string; eventId: string };

/** Sent Matrix messages older than their member's retention setting that are still in the chat, oldest first. */
export async function listExpiredMatrixMessages(
  db: Db,
  options: { now: Date; limit: number },
): Promise<ExpiredMessage[]> {
  const rows = await db
    .select({ id: notifications.id, roomId: channels.roomId, eventId: notifications.externalId })
    .from(notifications)
    .innerJoin(channels, eq(channels.id, notifications.channelId))
    .innerJoin(members, eq(members.id, notifications.memberId))
    .where(
      and(
        eq(notifications.deliveryState, "sent"),
        isNull(notifications.redactedAt),
        isNotNull(notifications.externalId),
        eq(channels.type, "matrix"),
        isNotNull(channels.roomId),
        sql`${notifications.sentAt} < ${options.now.toISOString()}::timestamptz - make_interval(days => ${members.messageRetentionDays})`,
      ),
    )
    .orderBy(asc(notifications.sentAt), asc(notifications.id))
    .limit(options.limit);
  return rows.flatMap((row) =>
    row.roomId && row.eventId ? [{ id: row.id, roomId: row.roomId, eventId: row.eventId }] : [],
  );
}

async function markRedacted(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ redactedAt: now })
    .where(and(eq(notifications.id, id), isNull(notifications.redactedAt)));
}

/**
 * `PUT /rooms/{roomId}/redact/{eventId}/{txnId}`. The txnId is derived from the notification id, so a retry
 * after a crash (or a second worker) is answered with the first redaction instead of a new one.
 */
export async function redactMatrixEvent(api: MatrixApi, message: ExpiredMessage): Promise<string> {
  const txnId = `redact-${message.id}`;
  const path = `/rooms/${encodeURIComponent(message.roomId)}/redact/${encodeURIComponent(message.eventId)}/${encodeURIComponent(txnId)}`;
  try {
    const response = await api.authedRequest<{ event_id: string }>(Method.Put, path, undefined, {});
    return response.event_id;
  } catch (error) {
    throw toTransportError(error);
  }
}

export type RedactionPass = { redacted: number; abandoned: number; deferred: number };

/**
 * One pass over expired messages. A temporary error (429, 5xx, network) ends the pass: the homeserver is busy or
 * away, and the rest waits for the next pass. A permanent one (403: the bot left the room, 404: the event is gone)
 * will not change by retrying, so the row is closed like a redacted one and the reason logged.
 */
export async function redactExpiredMessages(
  db: Db,
  api: MatrixApi,
  options: { now?: Date; limit?: number } = {},
): Promise<RedactionPass> {
  const now = options.now ?? new Date();
  const pass: RedactionPass = { redacted: 0, abandoned: 0, deferred: 0 };
  const expired = await listExpiredMatrixMessages(db, { now, limit: options.limit ?? 200 });
  for (const [index, message] of expired.entries()) {
    try {
      await redactMatrixEvent(api, message);
      await markRedacted(db, message.id, now);
      pass.redacted += 1;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (!error.permanent) {
        log.warn({ err: error, notificationId: message.id }, "redaction deferred to the next pass");
        pass.deferred = expired.length - index;
        break;
      }
      log.warn({ err: error, notificationId: message.id }, "message cannot be redacted; not retried");
      await markRedacted(db, message.id, now);
      pass.abandoned += 1;
    }
  }
  return pass;
}
