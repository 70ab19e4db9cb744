import { createHash } from "node:crypto";
import { and, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { channels, type Notice, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

/**
 * Queues one notice per member on each of their usable channels (verified, not disabled). `messageKey` names the
 * message within the incident ("started", "ended", "note:<key>"): with the channel it makes the dedupe key, so a
 * repeated or concurrent post queues nothing more. One group key per incident keeps a channel's incident
 * messages in order. Returns the number of rows queued.
 */
export async function enqueueInfraNotices(
  db: Queryable,
  input: { incidentId: string; messageKey: string; notices: ReadonlyMap<string, Notice> },
): Promise<number> {
  const memberIds = [...input.notices.keys()];
  if (memberIds.length === 0) return 0;
  const usable = await db
    .select({ id: channels.id, memberId: channels.memberId })
    .from(channels)
    .where(and(inArray(channels.memberId, memberIds), isNotNull(channels.verifiedAt), isNull(channels.disabledAt)));
  if (usable.length === 0) return 0;
  const rows = usable.map((channel) => ({
    id: newId("n"),
    dedupeKey: createHash("sha256").update(`infra|${input.incidentId}|${input.messageKey}|${channel.id}`).digest("hex"),
    memberId: channel.memberId,
    channelId: channel.id,
    groupKey: `infra:${input.incidentId}`,
    alertStatus: "firing" as const,
    alerts: [],
    notice: input.notices.get(channel.memberId)!,
  }));
  const stored = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return stored.length;
}
