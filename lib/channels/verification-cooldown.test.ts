import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { verificationSends } from "@/lib/db/schema";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import type { ChannelType } from "./schema";
import { addressHashKeyFromEnv } from "./verification-address";
import {
  type CooldownLimits,
  markVerificationSendFailed,
  pruneVerificationSends,
  reserveVerificationSend,
} from "./verification-cooldown";

let handle: DbHandle;
const limits: CooldownLimits = {
  memberCooldownSeconds: 60,
  maxPerAddressPerHour: 3,
  maxPerMemberPerHour: 100,
  addressKey: randomBytes(32),
};
const t0 = new Date("2026-11-30T12:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
let subjects = 0;
const member = async () =>
  (await upsertMemberFromOidc(handle.db, { subject: `cooldown-${(subjects += 1)}`, isAdmin: false })).id;
const reserve = (memberId: string, type: ChannelType, address: string, seconds: number, given = limits) =>
  reserveVerificationSend(handle.db, { memberId, type, address, now: at(seconds) }, given);
/** A send that reached nobody (a refused Gotify token, a mail server that said no). */
const reserveFailing = async (
  memberId: string,
  type: ChannelType,
  address: string,
  seconds: number,
  given = limits,
) => {
  const slot = await reserve(memberId, type, address, seconds, given);
  if (slot.ok) await markVerificationSendFailed(handle.db, slot.sendId);
  return slot;
};

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("verification cooldowns", () => {
  it("hold one member's sends to one address a minute apart, saying how long to wait", async () => {
    const alice = await member();
    expect(await reserve(alice, "email", "one@example.org", 0)).toMatchObject({ ok: true });
    expect(await reserve(alice, "email", "one@example.org", 20)).toEqual({
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: 40,
    });
    expect(await reserve(alice, "email", "other@example.org", 20)).toMatchObject({ ok: true });
    expect(await reserve(alice, "email", "one@example.org", 61)).toMatchObject({ ok: true });
  });

  it("hold chat link tokens too, but never across members (a token reaches nobody but the member)", async () => {
    const [bob, carol, dave, erin] = [await member(), await member(), await member(), await member()];
    expect(await reserve(bob, "matrix", "@victim:example.org", 0)).toMatchObject({ ok: true });
    expect(await reserve(bob, "matrix", "@victim:example.org", 5)).toEqual({
      ok: false,
      reason: "cooldown",
      retryAfterSeconds: 55,
    });
    for (const other of [carol, dave, erin])
      expect(await reserve(other, "matrix", "@victim:example.org", 10)).toMatchObject({ ok: true });
  });

  it("let an address receive a handful per hour whichever members ask, then say when the oldest leaves the hour", async () => {
    const senders = [await member(), await member(), await member(), await member()];
    for (const [index, sender] of senders.slice(0, 3).entries()) {
      expect(await reserve(sender, "gotify", "https://push.victim.example", index * 60)).toMatchObject({ ok: true });
    }
    expect(await reserve(senders[3]!, "gotify", "https://push.victim.example", 180)).toEqual({
      ok: false,
      reason: "address_limit",
      retryAfterSeconds: 3420,
    });
    expect(await reserve(senders[3]!, "gotify", "https://push.victim.example", 3601)).toMatchObject({ ok: true });
  });

  it("let the member retry at once after a send that reached nobody, which still counts for the address", async () => {
    const frank = await member();
    for (const seconds of [0, 1, 2]) {
      const slot = await reserve(frank, "gotify", "https://push.frank.example", seconds);
      if (!slot.ok) throw new Error(`refused at ${seconds} s`);
      await markVerificationSendFailed(handle.db, slot.sendId);
    }
    expect(await reserve(frank, "gotify", "https://push.frank.example", 3)).toMatchObject({
      ok: false,
      reason: "address_limit",
    });
  });

  it("forget sends older than an hour, at each new send and in the worker's sweep", async () => {
    const grace = await member();
    await reserve(grace, "email", "old@example.org", 0);
    await reserve(grace, "email", "new@example.org", 2 * 3600);
    const left = await handle.db.select({ sentAt: verificationSends.sentAt }).from(verificationSends);
    expect(left.every((row) => row.sentAt >= at(3600))).toBe(true);
    expect(await pruneVerificationSends(handle.db, at(3 * 3600 + 1))).toBeGreaterThan(0);
    expect(await handle.db.select().from(verificationSends)).toEqual([]);
  });

  // On PostgreSQL (TEST_DATABASE_URL) these run on separate connections at once: without the address lock,
  // several read the same count and the address gets more than its share.
  it("give an address no more than its share under concurrent requests", async () => {
    const senders = await Promise.all(Array.from({ length: 10 }, () => member()));
    const results = await Promise.all(senders.map((sender) => reserve(sender, "email", "race@example.org", 3 * 3600)));
    expect(results.filter((result) => result.ok)).toHaveLength(3);
  });

  it("cap one member's sends over all addresses, failed ones included, saying when the oldest leaves the hour", async () => {
    const mallory = await member();
    const capped = { ...limits, maxPerMemberPerHour: 4 };
    for (const n of [0, 1, 2])
      expect(await reserveFailing(mallory, "gotify", `https://push${n}.example`, n, capped)).toMatchObject({
        ok: true,
      });
    expect(await reserve(mallory, "email", "someone@example.org", 10, capped)).toMatchObject({ ok: true });
    expect(await reserve(mallory, "matrix", "@someone:example.org", 20, capped)).toEqual({
      ok: false,
      reason: "member_limit",
      retryAfterSeconds: 3580,
    });
    expect(await reserve(await member(), "email", "other@example.org", 20, capped)).toMatchObject({ ok: true });
    expect(await reserve(mallory, "email", "later@example.org", 3600, capped)).toMatchObject({ ok: true });
  });

  it("count a Gotify server by its origin, whatever path or query the member typed", async () => {
    const mallory = await member();
    const paths = Array.from({ length: 30 }, (_, n) => `https://gotify.victim.example/p${n}?x=${n}`);
    const results = [];
    for (const [n, path] of paths.entries()) results.push(await reserveFailing(mallory, "gotify", path, n));
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(results[3]).toMatchObject({ ok: false, reason: "address_limit" });
    expect(await reserve(await member(), "gotify", "https://GOTIFY.victim.example:443/", 40)).toMatchObject({
      ok: false,
      reason: "address_limit",
    });
    expect(await reserve(await member(), "gotify", "https://gotify.victim.example:8443/", 40)).toMatchObject({
      ok: true,
    });
  });

  it("count e-mail subaddresses and case as one mailbox", async () => {
    const senders = [await member(), await member(), await member(), await member()];
    const addresses = ["victim+1@example.org", "Victim+2@Example.org", "victim@example.org"];
    for (const [n, address] of addresses.entries())
      expect(await reserve(senders[n]!, "email", address, n)).toMatchObject({ ok: true });
    expect(await reserve(senders[3]!, "email", "victim+4@example.org", 5)).toMatchObject({
      ok: false,
      reason: "address_limit",
    });
    expect(await reserve(senders[0]!, "email", "victim+5@example.org", 6)).toMatchObject({
      ok: false,
      reason: "cooldown",
    });
  });

  it("store a keyed hash of the address, never one a dictionary reverses", async () => {
    const ida = await member();
    await reserve(ida, "email", "ida@example.org", 0);
    const [row] = await handle.db
      .select({ addressHash: verificationSends.addressHash })
      .from(verificationSends)
      .where(eq(verificationSends.memberId, ida));
    for (const guess of ["verification:email:ida@example.org", "email:ida@example.org", "ida@example.org"]) {
      expect(row?.addressHash).not.toBe(createHash("sha256").update(guess, "utf8").digest("hex"));
    }
    // Another hub's key (or none) finds nothing: the same address under another key is another row.
    expect(await reserve(ida, "email", "ida@example.org", 1, { ...limits, addressKey: randomBytes(32) })).toMatchObject(
      { ok: true },
    );
    expect(await reserve(ida, "email", "ida@example.org", 2)).toMatchObject({ ok: false, reason: "cooldown" });
  });

  it("derive the address key from AUTH_SECRET, else VIGIE_SECRET_KEY, the same in every process, and refuse without either", () => {
    const key = addressHashKeyFromEnv({ AUTH_SECRET: "s3cret", VIGIE_SECRET_KEY: undefined });
    expect(addressHashKeyFromEnv({ AUTH_SECRET: "s3cret", VIGIE_SECRET_KEY: "other" })).toEqual(key);
    expect(addressHashKeyFromEnv({ AUTH_SECRET: undefined, VIGIE_SECRET_KEY: "s3cret" })).toEqual(key);
    expect(addressHashKeyFromEnv({ AUTH_SECRET: "another", VIGIE_SECRET_KEY: undefined })).not.toEqual(key);
    expect(key.equals(Buffer.from("s3cret"))).toBe(false);
    expect(() => addressHashKeyFromEnv({ AUTH_SECRET: undefined, VIGIE_SECRET_KEY: undefined })).toThrow(/AUTH_SECRET/);
  });

  // As above: on PostgreSQL, without the member lock concurrent requests of one member all read the same count.
  it("give a member no more than their share under concurrent requests", async () => {
    const judy = await member();
    const capped = { ...limits, maxPerMemberPerHour: 3 };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => reserve(judy, "email", `judy${n}@example.org`, 4 * 3600, capped)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
  });
});
