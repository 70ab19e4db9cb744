import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseSecretKey, SecretKeyError } from "./crypto";

const keyText = randomBytes(32).toString("base64");
const key = parseSecretKey(keyText);

describe("secrets at rest", () => {
  it("round-trips a secret without storing it in clear", () => {
    const sealed = encryptSecret(key, "AbCdEf.123456", "c_1");
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("AbCdEf");
    expect(decryptSecret(key, sealed, "c_1")).toBe("AbCdEf.123456");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret(key, "same", "c_1")).not.toBe(encryptSecret(key, "same", "c_1"));
  });

  it("refuses another row's context, another key and a tampered ciphertext", () => {
    const sealed = encryptSecret(key, "token", "c_1");
    expect(() => decryptSecret(key, sealed, "c_2")).toThrow();
    expect(() => decryptSecret(parseSecretKey(randomBytes(32).toString("base64")), sealed, "c_1")).toThrow();
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(() => decryptSecret(key, flipped, "c_1")).toThrow();
    expect(() => decryptSecret(key, "garbage", "c_1")).toThrow("secret_ciphertext_unreadable");
  });

  it("explains a missing or malformed key", () => {
    expect(() => parseSecretKey(undefined)).toThrow(SecretKeyError);
    expect(() => parseSecretKey(undefined)).toThrow(/VIGIE_SECRET_KEY is not set/);
    expect(() => parseSecretKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(() => parseSecretKey("not base64 at all!")).toThrow(/32 bytes/);
  });
});
