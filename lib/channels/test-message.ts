import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { ownedBy } from "@/lib/policy";

export type QueueTestMessageResult =
  | { ok: true; notificationId: string }
  | { ok: false; reason: "channel_not_found" | "channel_not_verified" };

/**
 * Puts a test message for one of the member's verified channels in the outbox, where the worker sends it like any
 * notice (its transport, its format, the member's language at send time): what the member checks is the real path,
 * and its delivery becomes the channel's last delivery. Another member's id finds nothing.
 */
export async function queueTestMessage(db: Db, memberId: string, channelId: string): Promise<QueueTestMessageResult> {
  const [channel] = await db
    .select({ type: channels.type, address: channels.address, verifiedAt: channels.verifiedAt })
    .from(channels)
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId)));
  if (!channel) return { ok: false, reason: "channel_not_found" };
  // A pending or disabled channel has no proven destination: the delivery would refuse it anyway.
  if (channel.verifiedAt === null) return { ok: false, reason: "channel_not_verified" };
  const id = newId("n");
  await db.insert(notifications).values({
    id,
    dedupeKey: createHash("sha256").update(`channel_test|${id}`).digest("hex"),
    memberId,
    channelId,
    // A group of its own per channel: a test never waits behind, nor holds back, an alert's messages.
    groupKey: `notice:channel_test:${channelId}`,
    alertStatus: "firing",
    alerts: [],
    notice: { type: "channel_test", channelType: channel.type, address: channel.address },
  });
  return { ok: true, notificationId: id };
}
