import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  antennaUsername,
  generatePassword,
  newAntennaCredential,
  newSealedSalt,
  sealPassword,
  unsealPassword,
  unsealSalt,
} from "./credentials";

const key = randomBytes(32);

describe("antenna credentials", () => {
  it("derives the username from the opaque id only", () => {
    expect(antennaUsername("an_7Kx2", 1)).toBe("antenna-an_7Kx2-g1");
    expect(antennaUsername("an_7Kx2", 2)).toBe("antenna-an_7Kx2-g2");
    expect(() => antennaUsername("Alice Dupont", 1)).toThrow();
    expect(() => antennaUsername("a:b", 1)).toThrow();
    expect(() => antennaUsername("an_1", 0)).toThrow();
  });

  it("generates URL-safe passwords of at least 128 random bits, all different", () => {
    const passwords = Array.from({ length: 200 }, generatePassword);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(password, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it("seals a password that only the same key and antenna can open", () => {
    const { username, password, sealed } = newAntennaCredential(key, "an_1", 3);
    expect(username).toBe("antenna-an_1-g3");
    expect(sealed).not.toContain(password);
    expect(unsealPassword(key, "an_1", sealed)).toBe(password);
    expect(() => unsealPassword(key, "an_2", sealed)).toThrow();
    expect(() => unsealPassword(randomBytes(32), "an_1", sealed)).toThrow();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("AA") ? "BB" : "AA"}`;
    expect(() => unsealPassword(key, "an_1", tampered)).toThrow();
  });

  it("seals the same password differently each time", () => {
    expect(sealPassword(key, "an_1", "p")).not.toBe(sealPassword(key, "an_1", "p"));
  });

  it("draws a salt per antenna that only the same key and antenna can open, and not as a password", () => {
    const sealed = newSealedSalt(key, "an_1");
    const salt = unsealSalt(key, "an_1", sealed);
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(unsealSalt(key, "an_1", newSealedSalt(key, "an_1"))).not.toBe(salt);
    expect(() => unsealSalt(key, "an_2", sealed)).toThrow();
    expect(() => unsealSalt(randomBytes(32), "an_1", sealed)).toThrow();
    expect(() => unsealPassword(key, "an_1", sealed)).toThrow();
  });
});
