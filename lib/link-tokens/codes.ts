import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, linkTokens } from "@/lib/db/schema";
import { ownedBy } from "@/lib/policy";
import { storeSecret } from "./mutations";

/*
 * Gotify verification codes. A code must be short enough to type from a phone, so unlike a link token it could
 * be guessed: each code allows `maxCodeFailures` wrong tries, then it is burnt (expired).
 *
 * The failure count lives in the row's `token_hash`, as `<sha256 hex>~<failures>` (link tokens are plain hex,
 * so the two never collide). A wrong try rewrites the suffix while holding the row lock (`FOR UPDATE`), so
 * concurrent tries are counted one by one and cannot buy extra guesses; the fifth sets `expires_at` to now.
 * Hashes are salted with the channel id: a code only ever matches its own channel.
 */
export const maxCodeFailures = 5;
// No 0/O, 1/I/L: nothing that reads as another character on a small screen. 31^8 ≈ 2^39 codes.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const codeLength = 8;

export function generateVerificationCode(): string {
  return Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join("");
}

/** What the member typed, forgiving case, spaces and dashes ("abcd-efgh"). */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, "").toUpperCase();
}

function hashCode(channelId: string, code: string): string {
  return createHash("sha256").update(`gotify-code:${channelId}:${code}`, "utf8").digest("hex");
}

/** Issues a code for one of the member's channels (older codes stop working) and returns it in clear text. */
export async function issueVerificationCode(
  db: Db,
  input: { memberId: string; channelId: string; ttlMinutes: number; now?: Date },
): Promise<string> {
  const code = generateVerificationCode();
  await storeSecret(db, { ...input, tokenHash: `${hashCode(input.channelId, code)}~0` });
  return code;
}

export type VerifyCodeResult =
  | { ok: true }
  | { ok: false; reason: "channel_not_found" | "code_expired" }
  | { ok: false; reason: "code_wrong"; attemptsLeft: number };

/** Checks a typed code against the channel's live code; the right one verifies the channel. */
export async function verifyCode(
  db: Db,
  input: { memberId: string; channelId: string; code: string; now?: Date },
): Promise<VerifyCodeResult> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [channel] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.id, input.channelId), ownedBy(channels, input.memberId)));
    if (!channel) return { ok: false, reason: "channel_not_found" };
    const [live] = await tx
      .select({ id: linkTokens.id, tokenHash: linkTokens.tokenHash })
      .from(linkTokens)
      .where(and(eq(linkTokens.channelId, channel.id), isNull(linkTokens.usedAt), gt(linkTokens.expiresAt, now)))
      .orderBy(desc(linkTokens.createdAt))
      .limit(1)
      .for("update");
    const stored = live && parseStoredCode(live.tokenHash);
    if (!live || !stored) return { ok: false, reason: "code_expired" };

    const typed = Buffer.from(hashCode(channel.id, normaliseCode(input.code)), "hex");
    if (timingSafeEqual(typed, Buffer.from(stored.hash, "hex"))) {
      await tx.update(linkTokens).set({ usedAt: now }).where(eq(linkTokens.id, live.id));
      await tx
        .update(channels)
        .set({ verifiedAt: now, disabledAt: null, disabledReason: null })
        .where(eq(channels.id, channel.id));
      return { ok: true };
    }
    const failures = stored.failures + 1;
    const burnt = failures >= maxCodeFailures;
    await tx
      .update(linkTokens)
      .set({ tokenHash: `${stored.hash}~${failures}`, ...(burnt ? { expiresAt: now } : {}) })
      .where(eq(linkTokens.id, live.id));
    return burnt
      ? { ok: false, reason: "code_expired" }
      : { ok: false, reason: "code_wrong", attemptsLeft: maxCodeFailures - failures };
  });
}

/** A link token's plain hash has no counter: it is not a code, and typing it in the code form does nothing. */
function parseStoredCode(tokenHash: string): { hash: string; failures: number } | null {
  const match = /^([0-9a-f]{64})~(\d+)$/.exec(tokenHash);
  return match ? { hash: match[1] as string, failures: Number(match[2]) } : null;
}
