import { createHash } from "node:crypto";
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { verificationSends } from "@/lib/db/schema";
import type { Env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { ChannelType } from "./schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type CooldownLimits = { memberCooldownSeconds: number; maxPerAddressPerHour: number };
/** `cooldown`: this member asked for this address less than a cooldown ago; `address_limit`: the address had its hour's share. */
export type CooldownVerdict = { ok: true } | { ok: false; reason: "cooldown" | "address_limit"; retryAfterSeconds: number };
type Send = { memberId: string; type: ChannelType; address: string; now?: Date };

const hourMs = 3_600_000;
// Only these send something to the address; a chat token is shown to the member, and limiting it per address
// across members would only let one member keep another from linking their own account.
const outboundTypes: ReadonlySet<ChannelType> = new Set(["email", "gotify"]);

export function cooldownLimitsFromEnv(settings: Env): CooldownLimits {
  return { memberCooldownSeconds: settings.VERIFICATION_COOLDOWN_SECONDS, maxPerAddressPerHour: settings.VERIFICATION_MAX_PER_ADDRESS_PER_HOUR };
}

function hashAddress(type: ChannelType, address: string): string {
  return createHash("sha256").update(`verification:${type}:${address}`, "utf8").digest("hex");
}

/** Whether a verification may be sent to this address now; read-only (the add form asks before touching the channel). */
export async function findVerificationWait(db: Db | Tx, send: Send, limits: CooldownLimits): Promise<CooldownVerdict> {
  const now = send.now ?? new Date();
  const addressHash = hashAddress(send.type, send.address);
  const sinceMember = new Date(now.getTime() - limits.memberCooldownSeconds * 1000);
  const [last] = await db
    .select({ sentAt: verificationSends.sentAt })
    .from(verificationSends)
    .where(and(eq(verificationSends.addressHash, addressHash), eq(verificationSends.memberId, send.memberId), eq(verificationSends.failed, false), gt(verificationSends.sentAt, sinceMember)))
    .orderBy(desc(verificationSends.sentAt))
    .limit(1);
  if (last) return { ok: false, reason: "cooldown", retryAfterSeconds: secondsUntil(last.sentAt.getTime() + limits.memberCooldownSeconds * 1000, now) };
  if (!outboundTypes.has(send.type)) return { ok: true };
  // The oldest of the last `max` sends in the hour: the address gets a new one when it leaves the window.
  const [oldest] = await db
    .select({ sentAt: verificationSends.sentAt })
    .from(verificationSends)
    .where(and(eq(verificationSends.addressHash, addressHash), gt(verificationSends.sentAt, new Date(now.getTime() - hourMs))))
    .orderBy(desc(verificationSends.sentAt))
    .offset(limits.maxPerAddressPerHour - 1)
    .limit(1);
  return oldest ? { ok: false, reason: "address_limit", retryAfterSeconds: secondsUntil(oldest.sentAt.getTime() + hourMs, now) } : { ok: true };
}

/**
 * Takes a send slot for this address, or says how long to wait. Sends to one address queue on a transaction
 * advisory lock (keyed by the address hash), so two processes cannot both take its last slot.
 */
export async function reserveVerificationSend(
  db: Db,
  send: Send,
  limits: CooldownLimits,
): Promise<{ ok: true; sendId: string } | Exclude<CooldownVerdict, { ok: true }>> {
  const now = send.now ?? new Date();
  return db.transaction(async (tx) => {
    const addressHash = hashAddress(send.type, send.address);
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
export async function pruneVerificationSends(db: Db | Tx, now = new Date()): Promise<number> {
  const pruned = await db
    .delete(verificationSends)
    .where(lt(verificationSends.sentAt, new Date(now.getTime() - hourMs)))
    .returning({ id: verificationSends.id });
  return pruned.length;
}

/** The send reached nobody: the member may try again at once; the address's hourly count keeps it. */
export async function markVerificationSendFailed(db: Db, sendId: string): Promise<void> {
  await db.update(verificationSends).set({ failed: true }).where(eq(verificationSends.id, sendId));
}

function secondsUntil(ms: number, now: Date): number {
  return Math.max(1, Math.ceil((ms - now.getTime()) / 1000));
}
