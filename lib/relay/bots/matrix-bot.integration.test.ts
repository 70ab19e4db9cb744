import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixIdSchema } from "@/lib/channels/schema";
import type { DbHandle } from "@/lib/db/client";
import { channels, linkTokens } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/messages";
import { createWindowLimiter, type WindowLimiter } from "@/lib/limits/window-limiter";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createMatrixChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import {
  botNotices,
  createDirectRoom,
  joinedMembers,
  type MatrixTestUser,
  matrixRequest,
  roomMessages,
  sendAndAwaitReply,
  sendText,
} from "@/lib/testing/relay/matrix-user";
import { waitFor } from "@/lib/testing/wait-for";
import { type SynapseServer, startSynapse } from "@/scripts/synapse/start-synapse";
import { type MatrixBot, startMatrixBot } from "./matrix-bot";

const nl = translatorFor("nl", "bot");
const fr = translatorFor("fr", "bot");

let workDir: string;
let synapse: SynapseServer;
let handle: DbHandle;
let bot: MatrixBot;
let botUser: MatrixTestUser;
let userA: MatrixTestUser;
let userB: MatrixTestUser;
let memberA: string;
let channelA: string;
let roomA: string;
let roomB: string;

const startBot = (commandLimiter?: WindowLimiter) =>
  startMatrixBot({
    db: handle.db,
    homeserverUrl: synapse.url,
    userId: botUser.userId,
    accessToken: botUser.accessToken,
    commandLimiter,
  });
const ask = (user: MatrixTestUser, roomId: string, body: string) =>
  sendAndAwaitReply(synapse.url, user, roomId, botUser.userId, body);
const issueForA = (now?: Date) =>
  issueLinkToken(handle.db, { memberId: memberA, channelId: channelA, ttlMinutes: 30, now });

/** Opens a direct room with the bot and waits until the bot has joined it. */
async function directRoomWithBot(user: MatrixTestUser): Promise<string> {
  const roomId = await createDirectRoom(synapse.url, user, botUser.userId);
  await waitFor("the bot to join", async () => {
    const members = await joinedMembers(synapse.url, user, roomId);
    return members.includes(botUser.userId) || undefined;
  });
  return roomId;
}

/** The bot's membership in a room, as a member of that room sees it. */
async function botMembership(user: MatrixTestUser, roomId: string): Promise<string> {
  const path = `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(botUser.userId)}`;
  return (await matrixRequest<{ membership: string }>(synapse.url, user, "GET", path)).membership;
}

const waitForBotToLeave = (user: MatrixTestUser, roomId: string) =>
  waitFor("the bot to leave", async () => ((await botMembership(user, roomId)) === "leave" ? true : undefined));

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-synapse-"));
  [synapse, handle] = await Promise.all([startSynapse({ workDir }), createTestDatabase()]);
  console.info(`synapse started in ${synapse.startupMs} ms`);
  [botUser, userA, userB] = await Promise.all([
    synapse.registerUser("vigie-bot", "bot-password-1"),
    synapse.registerUser("member-a", "member-a-password"),
    synapse.registerUser("member-b", "member-b-password"),
  ]);
  memberA = (await upsertMemberFromOidc(handle.db, { subject: "member-a", isAdmin: false })).id;
  await setMemberLocale(handle.db, memberA, "nl");
  channelA = await createMatrixChannel(handle.db, memberA, matrixIdSchema.parse(userA.userId), 100);
  bot = await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await synapse?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("Matrix bot against Synapse", () => {
  it("links the channel from a direct room and answers in the member's language", async () => {
    roomA = await directRoomWithBot(userA);
    const token = await issueForA();
    expect(await ask(userA, roomA, `!link ${token}`)).toBe(nl("link.success"));
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelA));
    expect(channel?.roomId).toBe(roomA);
    expect(channel?.verifiedAt).toBeInstanceOf(Date);

    expect(await ask(userA, roomA, `!link ${token}`)).toBe(nl("link.used"));
  });

  it("explains unknown and expired tokens", async () => {
    expect(await ask(userA, roomA, "!link not-a-real-token")).toBe(nl("link.unknown"));
    const expired = await issueForA(new Date(Date.now() - 60 * 60_000));
    expect(await ask(userA, roomA, `!link ${expired}`)).toBe(nl("link.expired"));
  });

  it("refuses a token sent from another account, links nothing and keeps the token usable", async () => {
    roomB = await directRoomWithBot(userB);
    const token = await issueForA();
    expect(await ask(userB, roomB, `!link ${token}`)).toBe(fr("link.wrongSender"));
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelA));
    expect(channel?.roomId).toBe(roomA);
    const unused = await handle.db.select().from(linkTokens).where(eq(linkTokens.channelId, channelA));
    expect(unused.filter((row) => row.usedAt === null && row.expiresAt > new Date())).toHaveLength(1);
  });

  it("answers help in French to an unknown account, and flags unknown commands", async () => {
    expect(await ask(userB, roomB, "!aide")).toBe(fr("commands.help"));
    expect(await ask(userB, roomB, "!frobnicate")).toBe(fr("commands.unknown", { command: "!frobnicate" }));
  });

  it("does not answer old commands again after a restart", async () => {
    const before = await botNotices(synapse.url, userA, roomA, botUser.userId);
    const beforeB = await botNotices(synapse.url, userB, roomB, botUser.userId);
    await bot.stop();
    bot = await startBot();
    // A fresh command proves the new bot is synced and answering; the replayed ones must stay unanswered.
    expect(await ask(userB, roomB, "!help")).toBe(fr("commands.help"));
    expect(await botNotices(synapse.url, userA, roomA, botUser.userId)).toEqual(before);
    expect(await botNotices(synapse.url, userB, roomB, botUser.userId)).toEqual([...beforeB, fr("commands.help")]);
  });

  it("answers a flooding user's first commands, says 'slow down' once in their language, then nothing until the minute passes", async () => {
    let clock = 0;
    await bot.stop();
    bot = await startBot(createWindowLimiter({ limit: 2, windowMs: 60_000, now: () => clock }));
    expect(await ask(userA, roomA, "!help")).toBe(nl("commands.help")); // synced and answering
    const before = await botNotices(synapse.url, userA, roomA, botUser.userId);
    for (let i = 0; i < 6; i += 1) await sendText(synapse.url, userA, roomA, "!hulp");
    const slowDown = nl("commands.slowDown", { seconds: 60 });
    await waitFor("the slow-down answer", async () =>
      (await botNotices(synapse.url, userA, roomA, botUser.userId)).includes(slowDown) ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // time for any further (wrong) answer to arrive

    clock += 60_000;
    expect(await ask(userA, roomA, "!help")).toBe(nl("commands.help"));
    const answers = (await botNotices(synapse.url, userA, roomA, botUser.userId)).slice(before.length);
    // The first hit of the flood's window was the "synced" !help above: one more answer, the slow-down, then the next window.
    expect(answers.sort()).toEqual([nl("commands.help"), slowDown, nl("commands.help")].sort());
    // The tests after this one talk to a bot with the usual limit and the real clock.
    await bot.stop();
    bot = await startBot();
  });

  it("declines an invite to a room that is not a direct chat", async () => {
    const { room_id: groupRoom } = await matrixRequest<{ room_id: string }>(synapse.url, userB, "POST", "/createRoom", {
      preset: "private_chat",
      name: "Club",
      invite: [botUser.userId],
    });
    await waitForBotToLeave(userB, groupRoom);
    expect(await joinedMembers(synapse.url, userB, groupRoom)).toEqual([userB.userId]);
  });

  it("leaves a direct room that becomes a group, and links nothing there", async () => {
    const sharedRoom = await directRoomWithBot(userA);
    await matrixRequest(synapse.url, userA, "POST", `/rooms/${encodeURIComponent(sharedRoom)}/invite`, {
      user_id: userB.userId,
    });
    await matrixRequest(synapse.url, userB, "POST", `/join/${encodeURIComponent(sharedRoom)}`, {});
    await sendText(synapse.url, userA, sharedRoom, `!link ${await issueForA()}`);
    await waitForBotToLeave(userA, sharedRoom);
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelA));
    expect(channel?.roomId).toBe(roomA);
    const answers = (await roomMessages(synapse.url, userA, sharedRoom)).filter(
      (event) => event.sender === botUser.userId,
    );
    expect(answers.map((event) => event.content.body)).not.toContain(nl("link.success"));
  });

  it("answers the invites that came while it was stopped the same way", async () => {
    await bot.stop();
    const { room_id: groupRoom } = await matrixRequest<{ room_id: string }>(synapse.url, userB, "POST", "/createRoom", {
      preset: "private_chat",
      invite: [botUser.userId],
    });
    const directRoom = await createDirectRoom(synapse.url, userB, botUser.userId);
    bot = await startBot();
    await waitForBotToLeave(userB, groupRoom);
    await waitFor("the bot to join", async () =>
      (await botMembership(userB, directRoom)) === "join" ? true : undefined,
    );
  });
});
