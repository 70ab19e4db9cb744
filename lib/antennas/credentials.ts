import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

/**
 * vmauth (OSS, 1.79 as packaged by Debian) cannot check a hashed password: it indexes users by
 * `"Basic " + base64(username + ":" + password)` and looks the request's Authorization header up in that map
 * (app/vmauth/auth_config.go, getAuthToken). So the password must reach vmauth.yml in clear; at rest in the
 * database it is sealed with VIGIE_SECRET_KEY, and only the rendered vmauth.yml (mode 0600) holds it in clear.
 */

/** 32 random bytes (256 bits) as base64url: 43 URL- and YAML-safe characters, no `%{` for vmauth's env templates. */
const passwordBytes = 32;

/**
 * The vmauth username of an antenna's `generation`-th credential: derived from its opaque id, never from its
 * owner. Each rotation takes the next generation, because vmauth 1.79 refuses two users with one username, and
 * the old credential must stay beside the new one until it expires.
 */
export function antennaUsername(antennaId: string, generation: number): string {
  if (!/^[A-Za-z0-9_-]+$/.test(antennaId)) throw new Error("antenna id must be an opaque id");
  if (!Number.isSafeInteger(generation) || generation < 1) throw new Error("generation must be a positive integer");
  return `antenna-${antennaId}-g${generation}`;
}

export function generatePassword(): string {
  return randomBytes(passwordBytes).toString("base64url");
}

/** AES-GCM context: a sealed password copied onto another antenna's row fails to open. */
const context = (antennaId: string) => `antenna-credential:${antennaId}`;

export function sealPassword(key: Buffer, antennaId: string, password: string): string {
  return encryptSecret(key, password, context(antennaId));
}

/** Throws on a wrong key, another antenna's ciphertext or a tampered one. */
export function unsealPassword(key: Buffer, antennaId: string, sealed: string): string {
  return decryptSecret(key, sealed, context(antennaId));
}

/** A fresh credential for an antenna: the clear password (for the antenna and vmauth.yml) and its sealed form. */
export function newAntennaCredential(key: Buffer, antennaId: string, generation: number) {
  const password = generatePassword();
  return { username: antennaUsername(antennaId, generation), password, sealed: sealPassword(key, antennaId, password) };
}

/** AES-GCM context of the MAC salt (lib/db/schema.ts): a sealed salt copied onto another antenna fails to open. */
const saltContext = (antennaId: string) => `antenna-salt:${antennaId}`;

/** A fresh per-antenna salt of the MAC hashes (16 random bytes, hex), sealed for this antenna alone. */
export function newSealedSalt(key: Buffer, antennaId: string): string {
  return encryptSecret(key, randomBytes(16).toString("hex"), saltContext(antennaId));
}

/** Throws on a wrong key, another antenna's ciphertext or a tampered one. */
export function unsealSalt(key: Buffer, antennaId: string, sealed: string): string {
  return decryptSecret(key, sealed, saltContext(antennaId));
}
