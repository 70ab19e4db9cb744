import { and, desc, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/lib/db/client";
import { verificationSends } from "@/lib/db/schema";
import type { Env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { ownedBy } from "@/lib/policy";
import type { ChannelType } from "./schema";
import { addressHashKeyFromEnv, hashVerificationAddress } from "./verification-address";

/** `addressKey`: the HMAC key of the address hashes (`addressHashKeyFromEnv`). */
export type CooldownLimits = {
  memberCooldownSeconds: number;
  maxPerAddressPerHour: number;
  maxPerMemberPerHour: number;
  addressKey: Buffer;
};
/**
 * `cooldown`: this member asked for this address less than a cooldown ago; `member_limit`: the member had their
 * hour's share over all addresses; `address_limit`: the address had its hour's share.
 */
export type CooldownVerdict =
  | { ok: true }
  | { ok: false; reason: "cooldown" | "member_limit" | "address_limit"; retryAfterSeconds: number };
type Send = { memberId: string; type: ChannelType; address: string; now?: Date };

const hourMs = 3_600_000;
// Only these send something to the address; a chat token is shown to the member, and limiting it per address
// across members would only let one member keep another from linking their own account.
const outboundTypes: ReadonlySet<ChannelType> = new Set(["email", "gotify"]);

export function cooldownLimitsFromEnv(settings: Env): CooldownLimits {
  return {
    memberCooldownSeconds: settings.VERIFICATION_COOLDOWN_SECONDS,
    maxPerAddressPerHour: settings.VERIFICATION_MAX_PER_ADDRESS_PER_HOUR,
    maxPerMemberPerHour: settings.VERIFICATION_MAX_PER_MEMBER_PER_HOUR,
    addressKey: addressHashKeyFromEnv(settings),
  };
}

/** Whether a verification may be sent to this address now; read-only (the add form asks before touching the channel). */
export async function findVerificationWait(
  db: Queryable,
  send: Send,
  limits: CooldownLimits,
): Promise<CooldownVerdict> {
  const now = send.now ?? new Date();
  const addressHash = hashVerificationAddress(limits.addressKey, send.type, send.address);
  const sinceMember = new Date(now.getTime() - limits.memberCooldownSeconds * 1000);
  const [last] = await db
    .select({ sentAt: verificationSends.sentAt })
    .from(verificationSends)
    .where(
      and(
        eq(verificationSends.addressHash, addressHash),
        ownedBy(verificationSends, send.memberId),
        eq(verificationSends.failed, false),
        gt(verificationSends.sentAt, sinceMember),
      ),
    )
    .orderBy(desc(verificationSends.sentAt))
    .limit(1);
  if (last)
    return {
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: secondsUntil(last.sentAt.getTime() + limits.memberCooldownSeconds * 1000, now),
    };
  // Failed sends count here too: a refused Gotify token still made the hub post to a server the member chose.
  const byMember = await hourFullUntil(db, ownedBy(verificationSends, send.memberId), limits.maxPerMemberPerHour, now);
  if (byMember) return { ok: false, reason: "member_limit", retryAfterSeconds: byMember };
  if (!outboundTypes.has(send.type)) return { ok: true };
  const byAddress = await hourFullUntil(
    db,
    eq(verificationSends.addressHash, addressHash),
    limits.maxPerAddressPerHour,
    now,
  );
  return byAddress ? { ok: false, reason: "address_limit", retryAfterSeconds: byAddress } : { ok: true };
}

/** Seconds until the oldest of the last `max` sends matching `where` leaves the hour, or 0 if there is room. */
async function hourFullUntil(db: Queryable, where: SQL, max: number, now: Date): Promise<number> {
  const [oldest] = await db
    .select({ sentAt: verificationSends.sentAt })
    .from(verificationSends)
    .where(and(where, gt(verificationSends.sentAt, new Date(now.getTime() - hourMs))))
    .orderBy(desc(verificationSends.sentAt))
    .offset(max - 1)
    .limit(1);
  return oldest ? secondsUntil(oldest.sentAt.getTime() + hourMs, now) : 0;
}

/**
 * Takes a send slot for this address, or says how long to wait. Sends queue on two transaction advisory locks,
 * the member's then the address's (always in that order, so two transactions never wait on each other), so two
 * processes can take neither the member's nor the address's last slot.
 */
export async function reserveVerificationSend(
  db: Db,
  send: Send,
  limits: CooldownLimits,
): Promise<{ ok: true; sendId: string } | Exclude<CooldownVerdict, { ok: true }>> {
  const now = send.now ?? new Date();
  return db.transaction(async (tx) => {
    const addressHash = hashVerificationAddress(limits.addressKey, send.type, send.address);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`verification-member:${send.memberId}`}, 0))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${addressHash}, 0))`);
    const verdict = await findVerificationWait(tx, { ...send, now }, limits);
    if (!verdict.ok) return verdict;
    await pruneVerificationSends(tx, now);
    const sendId = newId("v");
    await tx.insert(verificationSends).values({ id: sendId, memberId: send.memberId, addressHash, sentAt: now });
    return { ok: true, sendId };
  });
}

/** Forgets the sends no limit reads any more (older than an hour); returns how many. */
export async function pruneVerificationSends(db: Queryable, now = new Date()): Promise<number> {
  const pruned = await db
    .delete(verificationSends)
    .where(lt(verificationSends.sentAt, new Date(now.getTime() - hourMs)))
    .returning({ id: verificationSends.id });
  return pruned.length;
}

/** The send reached nobody: the member may try again at once; the member's and the address's hourly counts keep it. */
export async function markVerificationSendFailed(db: Db, sendId: string): Promise<void> {
  await db.update(verificationSends).set({ failed: true }).where(eq(verificationSends.id, sendId));
}

function secondsUntil(ms: number, now: Date): number {
  return Math.max(1, Math.ceil((ms - now.getTime()) / 1000));
}
