import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixIdSchema } from "@/lib/channels/schema";
import type { DbHandle } from "@/lib/db/client";
import { channels, linkTokens } from "@/lib/db/schema";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createMatrixChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { consumeLinkToken, issueLinkToken } from "./mutations";
import { hashLinkToken } from "./token";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

let counter = 0;
/** A fresh member with one declared Matrix channel, so each test owns its rows. */
async function memberWithChannel(locale: "fr" | "nl" | "en" = "fr") {
  counter += 1;
  const member = await upsertMemberFromOidc(handle.db, { subject: `sub-${counter}`, isAdmin: false });
  await setMemberLocale(handle.db, member.id, locale);
  const matrixId = `@member${counter}:example.org`;
  const channelId = await createMatrixChannel(handle.db, member.id, matrixIdSchema.parse(matrixId), 100);
  return { memberId: member.id, channelId, matrixId };
}

async function channelRow(channelId: string) {
  const [row] = await handle.db.select().from(channels).where(eq(channels.id, channelId));
  return row;
}

describe("issueLinkToken", () => {
  it("returns a long random token and stores only its hash", async () => {
    const { memberId, channelId } = await memberWithChannel();
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await handle.db.select().from(linkTokens).where(eq(linkTokens.channelId, channelId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("refuses a channel of another member", async () => {
    const owner = await memberWithChannel();
    const other = await memberWithChannel();
    await expect(
      issueLinkToken(handle.db, { memberId: other.memberId, channelId: owner.channelId, ttlMinutes: 30 }),
    ).rejects.toThrow("channel_not_found");
  });

  it("retires the channel's older unused tokens", async () => {
    const { memberId, channelId, matrixId } = await memberWithChannel();
    const first = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const second = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    expect(await consumeLinkToken(handle.db, { token: first, sender: matrixId, roomId: "!r:x" })).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await consumeLinkToken(handle.db, { token: second, sender: matrixId, roomId: "!r:x" })).toMatchObject({
      ok: true,
    });
  });
});

describe("consumeLinkToken", () => {
  it("verifies the channel with the room and answers in the member's language", async () => {
    const { memberId, channelId, matrixId } = await memberWithChannel("nl");
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const now = new Date();
    const result = await consumeLinkToken(handle.db, { token, sender: matrixId, roomId: "!room:example.org", now });
    expect(result).toEqual({ ok: true, channelId, memberId, locale: "nl" });
    const channel = await channelRow(channelId);
    expect(channel?.roomId).toBe("!room:example.org");
    expect(channel?.verifiedAt?.getTime()).toBe(now.getTime());
  });

  it("reports an unknown token", async () => {
    const result = await consumeLinkToken(handle.db, { token: "nope", sender: "@a:b.c", roomId: "!r:x" });
    expect(result).toEqual({ ok: false, reason: "unknown" });
  });

  it("reports an expired token and links nothing", async () => {
    const { memberId, channelId, matrixId } = await memberWithChannel();
    const issuedAt = new Date("2026-01-01T10:00:00Z");
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30, now: issuedAt });
    const late = new Date("2026-01-01T10:30:00Z");
    const result = await consumeLinkToken(handle.db, { token, sender: matrixId, roomId: "!r:x", now: late });
    expect(result).toEqual({ ok: false, reason: "expired" });
    expect((await channelRow(channelId))?.verifiedAt).toBeNull();
  });

  it("reports a token used twice", async () => {
    const { memberId, channelId, matrixId } = await memberWithChannel();
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    await consumeLinkToken(handle.db, { token, sender: matrixId, roomId: "!first:x" });
    const again = await consumeLinkToken(handle.db, { token, sender: matrixId, roomId: "!second:x" });
    expect(again).toEqual({ ok: false, reason: "used" });
    expect((await channelRow(channelId))?.roomId).toBe("!first:x");
  });

  it("refuses another sender without burning the token", async () => {
    const { memberId, channelId, matrixId } = await memberWithChannel();
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const stolen = await consumeLinkToken(handle.db, { token, sender: "@thief:example.org", roomId: "!thief:x" });
    expect(stolen).toEqual({ ok: false, reason: "wrong_sender" });
    expect(await channelRow(channelId)).toMatchObject({ verifiedAt: null, roomId: null });
    const owner = await consumeLinkToken(handle.db, { token, sender: matrixId, roomId: "!owner:x" });
    expect(owner).toMatchObject({ ok: true, channelId });
  });

  // On a PostgreSQL server (TEST_DATABASE_URL) the uses really overlap; several rounds make a missing guard show.
  it("lets only one of several concurrent uses succeed", async () => {
    for (let round = 0; round < 10; round += 1) {
      const { memberId, channelId, matrixId } = await memberWithChannel();
      const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
      const rooms = ["!one:x", "!two:x", "!three:x"];
      const results = await Promise.all(
        rooms.map((roomId) => consumeLinkToken(handle.db, { token, sender: matrixId, roomId })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual([
        { ok: false, reason: "used" },
        { ok: false, reason: "used" },
      ]);
      const winner = rooms[results.findIndex((result) => result.ok)];
      expect((await channelRow(channelId))?.roomId).toBe(winner);
    }
  });
});
