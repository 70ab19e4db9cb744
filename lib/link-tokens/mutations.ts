import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { channels, linkTokens, members } from "@/lib/db/schema";
import { toLocale } from "@/lib/i18n/config";
import { newId } from "@/lib/ids";
import { ownedBy } from "@/lib/policy";
import type { ConsumeLinkTokenResult, LinkTokenFailure } from "./schema";
import { generateLinkToken, hashLinkToken } from "./token";

/**
 * Issues a link token for one of the member's channels and returns it in clear text: this is the only time it
 * exists outside the member's screen (or mailbox). Older unused tokens of the channel stop working, so only the
 * token given last is valid.
 */
export async function issueLinkToken(
  db: Db,
  input: { memberId: string; channelId: string; ttlMinutes: number; now?: Date },
): Promise<string> {
  const token = generateLinkToken();
  await storeSecret(db, { ...input, tokenHash: hashLinkToken(token) });
  return token;
}

/** Stores a hashed secret for one of the member's channels, retiring the channel's older unused ones. */
export async function storeSecret(
  db: Db,
  input: { memberId: string; channelId: string; ttlMinutes: number; tokenHash: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    const [channel] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.id, input.channelId), ownedBy(channels, input.memberId)));
    if (!channel) throw new Error("channel_not_found");
    await tx
      .update(linkTokens)
      .set({ expiresAt: now })
      .where(and(eq(linkTokens.channelId, channel.id), isNull(linkTokens.usedAt), gt(linkTokens.expiresAt, now)));
    await tx.insert(linkTokens).values({
      id: newId("l"),
      channelId: channel.id,
      tokenHash: input.tokenHash,
      expiresAt: new Date(now.getTime() + input.ttlMinutes * 60_000),
    });
  });
}

/**
 * Spends a token sent by `sender` from `roomId`: marks it used and the channel verified in one transaction.
 * The update is conditional (`used_at is null`), so of two concurrent uses only one can succeed.
 * A sender other than the channel's declared account changes nothing, so the owner can still use the token.
 * `channelType` is the chat network the token arrived on (Matrix when omitted): a token for a channel of another
 * type is refused, so an account name on one network cannot verify a channel declared for another.
 */
export async function consumeLinkToken(
  db: Db,
  input: { token: string; sender: string; roomId: string; channelType?: "matrix" | "mattermost"; now?: Date },
): Promise<ConsumeLinkTokenResult> {
  const channelType = input.channelType ?? "matrix";
  return spendToken(db, {
    token: input.token,
    now: input.now ?? new Date(),
    roomId: input.roomId,
    accepts: (found) => found.channelType === channelType && found.address === input.sender,
  });
}

/**
 * Spends the token of an e-mail confirmation link: following the link proves the mailbox is the member's.
 * Only e-mail channels accept it, so a chat token pasted into the URL verifies nothing.
 */
export async function consumeEmailToken(db: Db, input: { token: string; now?: Date }): Promise<ConsumeLinkTokenResult> {
  return spendToken(db, {
    token: input.token,
    now: input.now ?? new Date(),
    roomId: null,
    accepts: (found) => found.channelType === "email",
  });
}

type FoundToken = { channelType: string; address: string };

async function spendToken(
  db: Db,
  input: { token: string; now: Date; roomId: string | null; accepts: (found: FoundToken) => boolean },
): Promise<ConsumeLinkTokenResult> {
  const { now } = input;
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({
        tokenId: linkTokens.id,
        expiresAt: linkTokens.expiresAt,
        usedAt: linkTokens.usedAt,
        channelId: channels.id,
        channelType: channels.type,
        address: channels.address,
        memberId: members.id,
        locale: members.locale,
      })
      .from(linkTokens)
      .innerJoin(channels, eq(channels.id, linkTokens.channelId))
      .innerJoin(members, eq(members.id, channels.memberId))
      .where(eq(linkTokens.tokenHash, hashLinkToken(input.token)));
    if (!found) return { ok: false, reason: "unknown" };
    if (found.usedAt) return { ok: false, reason: "used" };
    if (found.expiresAt <= now) return { ok: false, reason: "expired" };
    if (!input.accepts(found)) return { ok: false, reason: "wrong_sender" };

    const claimed = await tx
      .update(linkTokens)
      .set({ usedAt: now })
      .where(and(eq(linkTokens.id, found.tokenId), isNull(linkTokens.usedAt), gt(linkTokens.expiresAt, now)))
      .returning({ id: linkTokens.id });
    if (claimed.length === 0) return { ok: false, reason: await lostRaceReason(tx, found.tokenId) };

    await tx
      .update(channels)
      .set({ verifiedAt: now, roomId: input.roomId, disabledAt: null, disabledReason: null })
      .where(eq(channels.id, found.channelId));
    return { ok: true, channelId: found.channelId, memberId: found.memberId, locale: toLocale(found.locale) };
  });
}

/** Since our read, either a concurrent use spent the token or a newer token for the channel retired it. */
async function lostRaceReason(tx: Tx, tokenId: string): Promise<Extract<LinkTokenFailure, "used" | "expired">> {
  const [row] = await tx.select({ usedAt: linkTokens.usedAt }).from(linkTokens).where(eq(linkTokens.id, tokenId));
  return row?.usedAt ? "used" : "expired";
}
