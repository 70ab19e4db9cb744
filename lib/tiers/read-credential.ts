import { decryptSecret, encryptSecret, parseSecretKey } from "@/lib/crypto";
import { log } from "@/lib/log";

/**
 * The Basic credential a tier's VictoriaMetrics (or the vmauth in front of it) asks of whoever reads it, as an
 * admin types it on the tiers page. Its password is sealed with VIGIE_SECRET_KEY, the tier id as context: a
 * sealed password copied onto another tier's row fails to open.
 */
export type TierReadCredential = { username: string; password: string };

/**
 * What reading a tier takes: its credential, null when it has none (the instance is read as is), or "unreadable"
 * when it has one this process cannot open (no key, another key, a damaged row).
 */
export type TierReadAccess = TierReadCredential | null | "unreadable";

const context = (tierId: string) => `tier:${tierId}`;

export function sealTierReadCredential(key: Buffer, tierId: string, password: string): string {
  return encryptSecret(key, password, context(tierId));
}

/** The sealer the tier's save takes: null without a key, so a password cannot be stored in clear. */
export function tierReadSealer(key: Buffer | null): ((password: string, tierId: string) => string) | null {
  return key ? (password, tierId) => sealTierReadCredential(key, tierId, password) : null;
}

/**
 * Opens a tier's read credential; never throws. `secret` is VIGIE_SECRET_KEY as set (parsed here, so a malformed
 * key is one more reason the credential is unreadable): one damaged or old-key row must cost its own tier's
 * figures only, never the page that reads every tier. The log line names the tier, never the credential.
 */
export function openTierReadCredential(
  tier: { id: string; readUsername: string | null; readPasswordSealed: string | null },
  secret: string | undefined,
): TierReadAccess {
  if (!tier.readUsername || !tier.readPasswordSealed) return null;
  try {
    const password = decryptSecret(parseSecretKey(secret), tier.readPasswordSealed, context(tier.id));
    return { username: tier.readUsername, password };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.warn({ tierId: tier.id, reason }, "a tier's read password cannot be opened: its metrics are unavailable");
    return "unreadable";
  }
}
