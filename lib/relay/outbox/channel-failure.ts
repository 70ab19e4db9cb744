import { createHash } from "node:crypto";
import { and, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { ownedBy } from "@/lib/policy";

/**
 * A transport refused for good (the bot was kicked from the room, the mailbox does not exist): the channel stops
 * being used until the member links it again, its waiting notifications are given up, and the member is told on
 * each of their other usable channels. The portal shows the reason too. Returns false if it was already disabled.
 */
export async function disableChannel(
  db: Db,
  input: { channelId: string; memberId: string; reason: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [disabled] = await tx
      .update(channels)
      .set({ verifiedAt: null, disabledAt: now, disabledReason: input.reason.slice(0, 300) })
      .where(and(eq(channels.id, input.channelId), ownedBy(channels, input.memberId), isNull(channels.disabledAt)))
      .returning({ type: channels.type, address: channels.address });
    if (!disabled) return false;
    await tx
      .update(notifications)
      .set({ deliveryState: "dead", leaseUntil: null, lastError: "channel_disabled" })
      .where(and(eq(notifications.channelId, input.channelId), eq(notifications.deliveryState, "pending")));

    const others = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(
        and(
          ownedBy(channels, input.memberId),
          ne(channels.id, input.channelId),
          isNotNull(channels.verifiedAt),
          isNull(channels.disabledAt),
        ),
      );
    if (others.length > 0) {
      const notice = {
        type: "channel_disabled" as const,
        channelType: disabled.type,
        address: disabled.address,
        reason: input.reason,
      };
      await tx
        .insert(notifications)
        .values(
          others.map((other) => ({
            id: newId("n"),
            dedupeKey: createHash("sha256")
              .update(`channel_disabled|${input.channelId}|${now.toISOString()}|${other.id}`)
              .digest("hex"),
            memberId: input.memberId,
            channelId: other.id,
            groupKey: `notice:channel_disabled:${input.channelId}`,
            alertStatus: "firing" as const,
            alerts: [],
            notice,
          })),
        )
        .onConflictDoNothing({ target: notifications.dedupeKey });
    }
    return true;
  });
}
