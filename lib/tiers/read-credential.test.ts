import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSecretKey } from "@/lib/crypto";
import { openTierReadCredential, sealTierReadCredential, tierReadSealer } from "./read-credential";
import { sealTierServicePassword } from "./service-users";

const secret = randomBytes(32).toString("base64");
const key = parseSecretKey(secret);
const vmauthUrl = "http://127.0.0.1:8427";
const row = (
  id: string,
  readPasswordSealed: string | null,
  readUsername: string | null = "reader",
  readerPasswordSealed: string | null = null,
) => ({ id, readUrl: vmauthUrl, readUsername, readPasswordSealed, readerPasswordSealed });

describe("a tier's read credential", () => {
  it("opens what was sealed for the same tier", () => {
    const sealed = sealTierReadCredential(key, "r_a", "pw-1");
    expect(sealed).not.toContain("pw-1");
    expect(openTierReadCredential(row("r_a", sealed), secret, vmauthUrl)).toEqual({
      username: "reader",
      password: "pw-1",
    });
  });

  it("seals through the save's sealer, and has none without a key", () => {
    const sealed = tierReadSealer(key)!("pw-2", "r_b");
    expect(openTierReadCredential(row("r_b", sealed), secret, vmauthUrl)).toEqual({
      username: "reader",
      password: "pw-2",
    });
    expect(tierReadSealer(null)).toBeNull();
  });

  it("is none when the tier has no user or no password", () => {
    expect(openTierReadCredential(row("r_a", null), secret, vmauthUrl)).toBeNull();
    expect(
      openTierReadCredential(row("r_a", sealTierReadCredential(key, "r_a", "pw"), null), secret, vmauthUrl),
    ).toBeNull();
  });

  it("reads as the tier's own vmauth reader when no credential is typed, and prefers a typed one", () => {
    const reader = sealTierServicePassword(key, "reader", "r_a", "reader-pw");
    expect(openTierReadCredential(row("r_a", null, null, reader), secret, vmauthUrl)).toEqual({
      username: "reader-r_a",
      password: "reader-pw",
    });
    const typed = sealTierReadCredential(key, "r_a", "typed-pw");
    expect(openTierReadCredential(row("r_a", typed, "grafana", reader), secret, vmauthUrl)).toEqual({
      username: "grafana",
      password: "typed-pw",
    });
  });

  it("never sends the tier's own reader password to a read URL that is not vmauth's", () => {
    const reader = sealTierServicePassword(key, "reader", "r_a", "reader-pw");
    const direct = { ...row("r_a", null, null, reader), readUrl: "http://127.0.0.1:8428" };
    expect(openTierReadCredential(direct, secret, vmauthUrl)).toBeNull();
    expect(openTierReadCredential(row("r_a", null, null, reader), secret, undefined)).toBeNull();
  });

  it.each([
    ["another tier's reader", row("r_b", null, null, sealTierServicePassword(key, "reader", "r_a", "pw")), secret],
    [
      "the writer's password as reader",
      row("r_a", null, null, sealTierServicePassword(key, "writer", "r_a", "pw")),
      secret,
    ],
    ["a reader and no key", row("r_a", null, null, sealTierServicePassword(key, "reader", "r_a", "pw")), undefined],
    ["another tier's ciphertext", row("r_b", sealTierReadCredential(key, "r_a", "pw")), secret],
    ["another key", row("r_a", sealTierReadCredential(key, "r_a", "pw")), randomBytes(32).toString("base64")],
    ["no key", row("r_a", sealTierReadCredential(key, "r_a", "pw")), undefined],
    ["a malformed key", row("r_a", sealTierReadCredential(key, "r_a", "pw")), "short"],
    ["a damaged row", row("r_a", "v1:garbage"), secret],
  ])("is unreadable, without throwing, with %s", (_, tier, keyText) => {
    expect(openTierReadCredential(tier, keyText, vmauthUrl)).toBe("unreadable");
  });
});
