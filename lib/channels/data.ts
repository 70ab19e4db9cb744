import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members, notifications } from "@/lib/db/schema";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { ownedBy } from "@/lib/policy";
import type { ChannelSummary, ChannelType } from "./schema";

/** The newest outbox row of a channel: sent, given up on (with the transport's last error), or still pending. */
export type LastDelivery = {
  state: "pending" | "sent" | "dead";
  /** When it was sent, else when it was queued. */
  at: Date;
  error: string | null;
};

/** A channel with why a transport stopped using it, if one did (the member re-links it), and its last delivery. */
export type ChannelListing = ChannelSummary & {
  disabledAt: Date | null;
  disabledReason: string | null;
  lastDelivery: LastDelivery | null;
};

// The secret column is never selected.
const listingColumns = {
  id: channels.id,
  type: channels.type,
  address: channels.address,
  minSeverity: channels.minSeverity,
  verifiedAt: channels.verifiedAt,
  disabledAt: channels.disabledAt,
  disabledReason: channels.disabledReason,
};

/** The member's channels as the page shows them, each with its last delivery. */
export async function listChannelsForMember(db: Db, memberId: string): Promise<ChannelListing[]> {
  const [rows, deliveries] = await Promise.all([
    db
      .select(listingColumns)
      .from(channels)
      .where(ownedBy(channels, memberId))
      .orderBy(channels.createdAt, channels.id),
    listLastDeliveries(db, memberId),
  ]);
  return rows.map((row) => ({ ...row, lastDelivery: deliveries.get(row.id) ?? null }));
}

/** The newest outbox row per channel of the member, one query whatever the channel count. */
async function listLastDeliveries(db: Db, memberId: string): Promise<Map<string, LastDelivery>> {
  const rows = await db
    .selectDistinctOn([notifications.channelId], {
      channelId: notifications.channelId,
      state: notifications.deliveryState,
      sentAt: notifications.sentAt,
      createdAt: notifications.createdAt,
      error: notifications.lastError,
    })
    .from(notifications)
    .where(ownedBy(notifications, memberId))
    .orderBy(notifications.channelId, desc(notifications.createdAt), desc(notifications.id));
  return new Map(
    rows.map((row) => [
      row.channelId,
      { state: row.state, at: row.sentAt ?? row.createdAt, error: row.state === "sent" ? null : row.error },
    ]),
  );
}

/** One of the member's channels, or undefined for another member's id. */
export async function findChannelForMember(
  db: Db,
  memberId: string,
  channelId: string,
): Promise<ChannelSummary | undefined> {
  const [channel] = await db
    .select(listingColumns)
    .from(channels)
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId)));
  return channel;
}

/**
 * Where to push a Gotify verification code: server and sealed token, read only server-side (the page never
 * receives them). Undefined for another member's id or a channel of another type.
 */
export async function findGotifyDestination(
  db: Db,
  memberId: string,
  channelId: string,
): Promise<{ serverUrl: string; secretCiphertext: string } | undefined> {
  const [row] = await db
    .select({ serverUrl: channels.address, secretCiphertext: channels.secretCiphertext })
    .from(channels)
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId), eq(channels.type, "gotify")));
  return row?.secretCiphertext ? { serverUrl: row.serverUrl, secretCiphertext: row.secretCiphertext } : undefined;
}

/**
 * The language to answer a chat account in, when some member declared that account as a channel. Several
 * members may declare the same account; a verified channel, then the newest one, decides.
 */
export async function findLocaleForChatUser(db: Db, type: ChannelType, address: string): Promise<Locale | null> {
  const [row] = await db
    .select({ locale: members.locale })
    .from(channels)
    .innerJoin(members, eq(members.id, channels.memberId))
    .where(and(eq(channels.type, type), eq(channels.address, address)))
    .orderBy(desc(isNotNull(channels.verifiedAt)), desc(channels.createdAt))
    .limit(1);
  return row ? toLocale(row.locale) : null;
}
