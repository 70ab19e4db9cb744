import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Thrown when VIGIE_SECRET_KEY is missing or malformed: the message tells the admin what to set. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

const version = "v1";
const ivLength = 12;
const tagLength = 16;

/**
 * Reads the 32-byte key from its base64 form. Only the features that store secrets (Gotify channels) call
 * this, so a portal without them runs without the variable.
 */
export function parseSecretKey(value: string | undefined): Buffer {
  if (!value) {
    throw new SecretKeyError("VIGIE_SECRET_KEY is not set: generate one with `openssl rand -base64 32`");
  }
  const key = Buffer.from(value, "base64");
  if (key.length !== 32 || key.toString("base64") !== value.replace(/\s/g, "")) {
    throw new SecretKeyError("VIGIE_SECRET_KEY must be 32 bytes encoded in base64 (`openssl rand -base64 32`)");
  }
  return key;
}

/**
 * AES-256-GCM with a fresh random IV. `context` (the channel id) is authenticated but not stored: a ciphertext
 * copied onto another row fails to decrypt instead of sending one member's token to another's server.
 */
export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${version}:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString("base64url")}`;
}

/** Throws on a wrong key, a wrong context or a tampered ciphertext (GCM authenticates all three). */
export function decryptSecret(key: Buffer, ciphertext: string, context: string): string {
  const [prefix, payload] = ciphertext.split(":");
  if (prefix !== version || !payload) throw new Error("secret_ciphertext_unreadable");
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < ivLength + tagLength) throw new Error("secret_ciphertext_unreadable");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, ivLength));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(ivLength, ivLength + tagLength));
  return Buffer.concat([decipher.update(raw.subarray(ivLength + tagLength)), decipher.final()]).toString("utf8");
}

const bytesMagic = Buffer.from("vigie-aes-gcm-v1\n", "utf8");

/** Whether `data` was written by `encryptBytes` (files written before a key was set are not). */
export function isEncryptedBytes(data: Buffer): boolean {
  return data.subarray(0, bytesMagic.length).equals(bytesMagic);
}

/** `encryptSecret` for a whole file: a marker (so plain files can still be read), IV, tag, ciphertext. */
export function encryptBytes(key: Buffer, data: Buffer, context: string): Buffer {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const encrypted = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([bytesMagic, iv, cipher.getAuthTag(), encrypted]);
}

/** Throws on a wrong key, a wrong context or tampered data. */
export function decryptBytes(key: Buffer, data: Buffer, context: string): Buffer {
  const raw = data.subarray(bytesMagic.length);
  if (!isEncryptedBytes(data) || raw.length < ivLength + tagLength) throw new Error("secret_ciphertext_unreadable");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, ivLength));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(ivLength, ivLength + tagLength));
  return Buffer.concat([decipher.update(raw.subarray(ivLength + tagLength)), decipher.final()]);
}
