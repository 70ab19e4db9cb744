import { createHmac, hkdfSync } from "node:crypto";
import type { Env } from "@/lib/env";
import type { ChannelType } from "./schema";

/**
 * The key that makes verification-send rows name an address without revealing it: an HMAC, not a plain hash,
 * which a dictionary of e-mail addresses or server names would reverse. Derived through HKDF with its own label
 * from AUTH_SECRET (every hub where members sign in has it: next-auth's sessions need it), else VIGIE_SECRET_KEY.
 * With neither there is no key, and no verification is sent: a random key per process would let each web process
 * and each restart start the counts afresh, and a fixed one would be the reversible hash again.
 */
export function addressHashKeyFromEnv(settings: Pick<Env, "AUTH_SECRET" | "VIGIE_SECRET_KEY">): Buffer {
  const secret = settings.AUTH_SECRET || settings.VIGIE_SECRET_KEY;
  if (!secret) throw new Error("AUTH_SECRET is not set: verification cooldowns need it to key their address hashes");
  return Buffer.from(
    hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), "vigie/verification-address-hash/v1", 32),
  );
}

/** The keyed pseudonym of the address a verification goes to, as the limits count it (see `limitedAddressOf`). */
export function hashVerificationAddress(key: Buffer, type: ChannelType, address: string): string {
  return createHmac("sha256", key)
    .update(`${type}:${limitedAddressOf(type, address)}`, "utf8")
    .digest("hex");
}

/**
 * What receives the sends, rather than what the member typed. A Gotify server is its origin (scheme://host:port):
 * paths and query strings are free to vary and all reach the same server. An e-mail address loses its `+tag`
 * and its case: `victim+1@…` and `Victim+2@…` land in one mailbox (a provider without subaddressing only gets a
 * stricter count, which costs a member nothing). Chat accounts are taken as they are.
 */
export function limitedAddressOf(type: ChannelType, address: string): string {
  if (type === "gotify") return originOf(address);
  if (type !== "email") return address;
  const at = address.lastIndexOf("@");
  if (at < 0) return address.toLowerCase();
  const local = address.slice(0, at).split("+")[0] ?? "";
  return `${local}@${address.slice(at + 1)}`.toLowerCase();
}

function originOf(address: string): string {
  try {
    const url = new URL(address);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    return `${url.protocol}//${url.hostname}:${port}`;
  } catch {
    return address;
  }
}
