import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members } from "@/lib/db/schema";
import { toLocale, type Locale } from "@/lib/i18n/config";
import type { ChannelSummary, VerifiedChannel } from "./schema";

export async function listChannelsForMember(db: Db, memberId: string): Promise<ChannelSummary[]> {
  return db
    .select({ id: channels.id, type: channels.type, address: channels.address, verifiedAt: channels.verifiedAt })
    .from(channels)
    .where(eq(channels.memberId, memberId))
    .orderBy(channels.createdAt, channels.id);
}

/** Channels alerts may be sent to: verified, with the conversation the member linked. */
export async function listVerifiedChannelsForMember(db: Db, memberId: string): Promise<VerifiedChannel[]> {
  const rows = await db
    .select({ id: channels.id, type: channels.type, roomId: channels.roomId })
    .from(channels)
    .where(and(eq(channels.memberId, memberId), isNotNull(channels.verifiedAt), isNotNull(channels.roomId)))
    .orderBy(channels.createdAt, channels.id);
  return rows.flatMap((row) => (row.roomId ? [{ ...row, roomId: row.roomId }] : []));
}

/**
 * The language to answer a Matrix user in, when some member declared that account as a channel. Several
 * members may declare the same account; a verified channel, then the newest one, decides.
 */
export async function findLocaleForMatrixUser(db: Db, matrixUserId: string): Promise<Locale | null> {
  const [row] = await db
    .select({ locale: members.locale })
    .from(channels)
    .innerJoin(members, eq(members.id, channels.memberId))
    .where(and(eq(channels.type, "matrix"), eq(channels.address, matrixUserId)))
    .orderBy(desc(isNotNull(channels.verifiedAt)), desc(channels.createdAt))
    .limit(1);
  return row ? toLocale(row.locale) : null;
}
