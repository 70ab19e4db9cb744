import { generatePassword } from "@/lib/antennas/credentials";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

/**
 * A tier's two vmauth service users: vmagent writes its probe results into the tier, the reader (portal, vmalert,
 * Grafana) queries it. They are Vigie's own accounts, named from the tier's opaque id, never a person's. vmauth
 * OSS compares Basic credentials in clear, so the passwords are sealed at rest and only vmauth.yml (0600) holds
 * them in clear.
 */
export type TierServiceRole = "writer" | "reader";

export function tierServiceUsername(role: TierServiceRole, tierId: string): string {
  return role === "writer" ? `vmagent-${tierId}` : `reader-${tierId}`;
}

/** AES-GCM context: a sealed password copied onto another tier's row, or into the other role, fails to open. */
const context = (role: TierServiceRole, tierId: string) => `tier-${role}:${tierId}`;

export function sealTierServicePassword(key: Buffer, role: TierServiceRole, tierId: string, password: string): string {
  return encryptSecret(key, password, context(role, tierId));
}

/** Throws on a wrong key, another tier's or role's ciphertext, or a tampered one. */
export function unsealTierServicePassword(key: Buffer, role: TierServiceRole, tierId: string, sealed: string): string {
  return decryptSecret(key, sealed, context(role, tierId));
}

/** Fresh sealed passwords for both roles (the clear ones are only ever rendered into vmauth.yml). */
export function newTierServicePasswords(key: Buffer, tierId: string) {
  return {
    writerPasswordSealed: sealTierServicePassword(key, "writer", tierId, generatePassword()),
    readerPasswordSealed: sealTierServicePassword(key, "reader", tierId, generatePassword()),
  };
}
