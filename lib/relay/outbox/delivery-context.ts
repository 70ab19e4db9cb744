import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members, notifications, targets } from "@/lib/db/schema";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { ownedBy } from "@/lib/policy";
import type { ChannelType } from "../transports/transport";
import type { ClaimedNotification } from "./rows";

export type DeliveryContext = {
  channel: {
    id: string;
    type: ChannelType;
    roomId: string | null;
    address: string;
    secretCiphertext: string | null;
    verified: boolean;
  };
  locale: Locale;
  targetLabels: Map<string, string>;
};

/** Everything rendering and sending need beyond the outbox row; `undefined` if the channel is gone. */
export async function loadDeliveryContext(db: Db, row: ClaimedNotification): Promise<DeliveryContext | undefined> {
  const [channel] = await db
    .select({
      id: channels.id,
      type: channels.type,
      roomId: channels.roomId,
      address: channels.address,
      secretCiphertext: channels.secretCiphertext,
      verifiedAt: channels.verifiedAt,
      locale: members.locale,
    })
    .from(channels)
    .innerJoin(members, eq(members.id, channels.memberId))
    .where(and(eq(channels.id, row.channelId), ownedBy(channels, row.memberId)));
  if (!channel) return undefined;

  const noticeTargets = row.notice && "targetIds" in row.notice ? row.notice.targetIds : [];
  const targetIds = [
    ...new Set([...row.alerts.flatMap((alert) => (alert.targetId ? [alert.targetId] : [])), ...noticeTargets]),
  ];
  // Scoped by member: a label from someone else's target must never appear, even with a forged label.
  const labels = targetIds.length
    ? await db
        .select({ id: targets.id, label: targets.label })
        .from(targets)
        .where(and(ownedBy(targets, row.memberId), inArray(targets.id, targetIds)))
    : [];

  return {
    channel: {
      id: channel.id,
      type: channel.type,
      roomId: channel.roomId,
      address: channel.address,
      secretCiphertext: channel.secretCiphertext,
      verified: channel.verifiedAt !== null,
    },
    locale: toLocale(channel.locale),
    targetLabels: new Map(labels.map((target) => [target.id, target.label])),
  };
}

/** The group's latest firing message on the row's channel, for a new message that answers it. */
export async function findFiringMessage(db: Db, row: ClaimedNotification): Promise<string | undefined> {
  const [firing] = await db
    .select({ externalId: notifications.externalId })
    .from(notifications)
    .where(
      and(
        eq(notifications.channelId, row.channelId),
        eq(notifications.groupKey, row.groupKey),
        eq(notifications.alertStatus, "firing"),
        isNotNull(notifications.externalId),
      ),
    )
    .orderBy(desc(notifications.sentAt))
    .limit(1);
  return firing?.externalId ?? undefined;
}
