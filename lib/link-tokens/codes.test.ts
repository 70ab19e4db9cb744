import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/channels/mutations";
import type { DbHandle } from "@/lib/db/client";
import { channels, linkTokens } from "@/lib/db/schema";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createdChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { generateVerificationCode, issueVerificationCode, maxCodeFailures, normaliseCode, verifyCode } from "./codes";
import { consumeEmailToken, consumeLinkToken, issueLinkToken } from "./mutations";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

let counter = 0;
async function gotifyChannel() {
  counter += 1;
  const memberId = (await upsertMemberFromOidc(handle.db, { subject: `code-${counter}`, isAdmin: false })).id;
  const input = {
    type: "gotify" as const,
    serverUrl: `https://push${counter}.example.org`,
    appToken: "AppToken.1",
    minSeverity: "info" as const,
  };
  const { channelId } = await createdChannel(
    createChannel(handle.db, memberId, input, { maxChannels: 100, sealSecret: () => "v1:sealed" }),
  );
  return { memberId, channelId };
}
const verified = async (channelId: string) =>
  (await handle.db.select().from(channels).where(eq(channels.id, channelId)))[0]?.verifiedAt ?? null;
const wrongCodeFor = (code: string) => (code === "22222222" ? "33333333" : "22222222");

describe("Gotify verification codes", () => {
  it("are 8 characters from an alphabet without look-alikes, typed back in any case", () => {
    for (let i = 0; i < 50; i += 1) expect(generateVerificationCode()).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(normaliseCode(" abcd-efgh ")).toBe("ABCDEFGH");
  });

  it("stores only a salted hash with a failure counter, and the right code verifies the channel once", async () => {
    const { memberId, channelId } = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, { memberId, channelId, ttlMinutes: 15 });
    const [row] = await handle.db.select().from(linkTokens).where(eq(linkTokens.channelId, channelId));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}~0$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(await verifyCode(handle.db, { memberId, channelId, code: code.toLowerCase() })).toEqual({ ok: true });
    expect(await verified(channelId)).toBeInstanceOf(Date);
    expect(await verifyCode(handle.db, { memberId, channelId, code })).toEqual({ ok: false, reason: "code_expired" });
  });

  it(`burns the code after ${maxCodeFailures} wrong tries, even the right one after that`, async () => {
    const { memberId, channelId } = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, { memberId, channelId, ttlMinutes: 15 });
    const results = [];
    for (let attempt = 0; attempt < maxCodeFailures; attempt += 1) {
      results.push(await verifyCode(handle.db, { memberId, channelId, code: wrongCodeFor(code) }));
    }
    expect(results).toEqual([
      { ok: false, reason: "code_wrong", attemptsLeft: 4 },
      { ok: false, reason: "code_wrong", attemptsLeft: 3 },
      { ok: false, reason: "code_wrong", attemptsLeft: 2 },
      { ok: false, reason: "code_wrong", attemptsLeft: 1 },
      { ok: false, reason: "code_expired" },
    ]);
    expect(await verifyCode(handle.db, { memberId, channelId, code })).toEqual({ ok: false, reason: "code_expired" });
    expect(await verified(channelId)).toBeNull();
    // A new code starts a new count.
    const fresh = await issueVerificationCode(handle.db, { memberId, channelId, ttlMinutes: 15 });
    expect(await verifyCode(handle.db, { memberId, channelId, code: fresh })).toEqual({ ok: true });
  });

  // On a PostgreSQL server (TEST_DATABASE_URL) these really overlap: the row lock must count each one.
  it("counts concurrent wrong tries one by one", async () => {
    const { memberId, channelId } = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, { memberId, channelId, ttlMinutes: 15 });
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => verifyCode(handle.db, { memberId, channelId, code: wrongCodeFor(code) })),
    );
    expect(tries.filter((result) => !result.ok && result.reason === "code_wrong")).toHaveLength(maxCodeFailures - 1);
    expect(await verifyCode(handle.db, { memberId, channelId, code })).toEqual({ ok: false, reason: "code_expired" });
  });

  it("expires with time", async () => {
    const { memberId, channelId } = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, {
      memberId,
      channelId,
      ttlMinutes: 15,
      now: new Date("2026-01-01T10:00:00Z"),
    });
    expect(await verifyCode(handle.db, { memberId, channelId, code, now: new Date("2026-01-01T10:15:00Z") })).toEqual({
      ok: false,
      reason: "code_expired",
    });
  });

  it("finds nothing for another member's channel, and spends none of its tries", async () => {
    const owner = await gotifyChannel();
    const other = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, {
      memberId: owner.memberId,
      channelId: owner.channelId,
      ttlMinutes: 15,
    });
    await expect(
      issueVerificationCode(handle.db, { memberId: other.memberId, channelId: owner.channelId, ttlMinutes: 15 }),
    ).rejects.toThrow("channel_not_found");
    for (let attempt = 0; attempt < maxCodeFailures + 1; attempt += 1) {
      expect(await verifyCode(handle.db, { memberId: other.memberId, channelId: owner.channelId, code })).toEqual({
        ok: false,
        reason: "channel_not_found",
      });
    }
    expect(await verifyCode(handle.db, { memberId: owner.memberId, channelId: owner.channelId, code })).toEqual({
      ok: true,
    });
  });

  it("never mixes with link tokens: a code is no chat or mail token, a token is no code", async () => {
    const { memberId, channelId } = await gotifyChannel();
    const code = await issueVerificationCode(handle.db, { memberId, channelId, ttlMinutes: 15 });
    expect(await consumeLinkToken(handle.db, { token: code, sender: "x", roomId: "!r:x" })).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(await consumeEmailToken(handle.db, { token: code })).toEqual({ ok: false, reason: "unknown" });
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 15 });
    expect(await verifyCode(handle.db, { memberId, channelId, code: token })).toEqual({
      ok: false,
      reason: "code_expired",
    });
  });
});

describe("e-mail confirmation tokens", () => {
  it("verify only an e-mail channel", async () => {
    const memberId = (await upsertMemberFromOidc(handle.db, { subject: "mail-owner", isAdmin: false })).id;
    const email = (
      await createdChannel(
        createChannel(
          handle.db,
          memberId,
          { type: "email", email: "a@example.org", minSeverity: "info" },
          { maxChannels: 100 },
        ),
      )
    ).channelId;
    const chat = (
      await createdChannel(
        createChannel(
          handle.db,
          memberId,
          { type: "mattermost", username: "alice", minSeverity: "info" },
          { maxChannels: 100 },
        ),
      )
    ).channelId;
    const chatToken = await issueLinkToken(handle.db, { memberId, channelId: chat, ttlMinutes: 30 });
    expect(await consumeEmailToken(handle.db, { token: chatToken })).toEqual({ ok: false, reason: "wrong_sender" });
    const mailToken = await issueLinkToken(handle.db, { memberId, channelId: email, ttlMinutes: 30 });
    expect(await consumeEmailToken(handle.db, { token: mailToken })).toMatchObject({
      ok: true,
      channelId: email,
      memberId,
    });
    expect(await verified(email)).toBeInstanceOf(Date);
    expect(await verified(chat)).toBeNull();
  });
});
