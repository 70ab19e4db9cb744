import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes (256 bits), URL-safe so it survives being typed or pasted into a chat. */
export function generateLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash is stored: a database leak must not let anyone link a conversation. */
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
