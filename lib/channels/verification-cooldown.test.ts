import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { verificationSends } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import type { ChannelType } from "./schema";
import { markVerificationSendFailed, pruneVerificationSends, reserveVerificationSend } from "./verification-cooldown";

let handle: DbHandle;
const limits = { memberCooldownSeconds: 60, maxPerAddressPerHour: 3 };
const t0 = new Date("2026-11-30T12:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
let subjects = 0;
const member = async () => (await upsertMemberFromOidc(handle.db, { subject: `cooldown-${(subjects += 1)}`, isAdmin: false })).id;
const reserve = (memberId: string, type: ChannelType, address: string, seconds: number) =>
  reserveVerificationSend(handle.db, { memberId, type, address, now: at(seconds) }, limits);

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("verification cooldowns", () => {
  it("hold one member's sends to one address a minute apart, saying how long to wait", async () => {
    const alice = await member();
    expect(await reserve(alice, "email", "one@example.org", 0)).toMatchObject({ ok: true });
    expect(await reserve(alice, "email", "one@example.org", 20)).toEqual({ ok: false, reason: "cooldown", retryAfterSeconds: 40 });
    expect(await reserve(alice, "email", "other@example.org", 20)).toMatchObject({ ok: true });
    expect(await reserve(alice, "email", "one@example.org", 61)).toMatchObject({ ok: true });
  });

  it("hold chat link tokens too, but never across members (a token reaches nobody but the member)", async () => {
    const [bob, carol, dave, erin] = [await member(), await member(), await member(), await member()];
    expect(await reserve(bob, "matrix", "@victim:example.org", 0)).toMatchObject({ ok: true });
    expect(await reserve(bob, "matrix", "@victim:example.org", 5)).toEqual({ ok: false, reason: "cooldown", retryAfterSeconds: 55 });
    for (const other of [carol, dave, erin]) expect(await reserve(other, "matrix", "@victim:example.org", 10)).toMatchObject({ ok: true });
  });

  it("let an address receive a handful per hour whichever members ask, then say when the oldest leaves the hour", async () => {
    const senders = [await member(), await member(), await member(), await member()];
    for (const [index, sender] of senders.slice(0, 3).entries()) {
      expect(await reserve(sender, "gotify", "https://push.victim.example", index * 60)).toMatchObject({ ok: true });
    }
    expect(await reserve(senders[3]!, "gotify", "https://push.victim.example", 180)).toEqual({ ok: false, reason: "address_limit", retryAfterSeconds: 3420 });
    expect(await reserve(senders[3]!, "gotify", "https://push.victim.example", 3601)).toMatchObject({ ok: true });
  });

  it("let the member retry at once after a send that reached nobody, which still counts for the address", async () => {
    const frank = await member();
    for (const seconds of [0, 1, 2]) {
      const slot = await reserve(frank, "gotify", "https://push.frank.example", seconds);
      if (!slot.ok) throw new Error(`refused at ${seconds} s`);
      await markVerificationSendFailed(handle.db, slot.sendId);
    }
    expect(await reserve(frank, "gotify", "https://push.frank.example", 3)).toMatchObject({ ok: false, reason: "address_limit" });
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
});
