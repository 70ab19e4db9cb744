import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/channels/mutations";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/messages";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createdChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { type FakeMattermost, startFakeMattermost } from "@/lib/testing/relay/mattermost.fake";
import { waitFor } from "@/lib/testing/wait-for";
import { type MattermostBot, startMattermostBot } from "./mattermost-bot";

const botToken = "bot-personal-access-token";
let handle: DbHandle;
let server: FakeMattermost;
let bot: MattermostBot;
let memberId: string;
let channelId: string;
const en = translatorFor("en", "bot");

beforeAll(async () => {
  handle = await createTestDatabase();
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  await setMemberLocale(handle.db, memberId, "en");
  channelId = (
    await createdChannel(
      createChannel(
        handle.db,
        memberId,
        { type: "mattermost", username: "alice", minSeverity: "info" },
        { maxChannels: 100 },
      ),
    )
  ).channelId;
  server = await startFakeMattermost({
    token: botToken,
    botId: "bot1",
    users: { bot1: "vigie", u_alice: "alice", u_mallory: "mallory" },
  });
  bot = await startMattermostBot({
    db: handle.db,
    serverUrl: server.url,
    botToken,
    reconnect: { firstMs: 20, maxMs: 100 },
  });
});
afterAll(async () => {
  await bot.stop();
  await server.close();
  await handle.close();
});

const channel = async () => (await handle.db.select().from(channels).where(eq(channels.id, channelId)))[0];
let postCounter = 0;
const post = (
  userId: string,
  message: string,
  channelType: "D" | "G" | "O" = "D",
  channelIdOnServer = `dm-${userId}`,
) => {
  postCounter += 1;
  const id = `p${postCounter}`;
  server.emitPost({ id, userId, channelId: channelIdOnServer, message, channelType });
  return id;
};

describe("Mattermost bot", () => {
  it("refuses a token sent by another account, then links the declared account's direct channel", async () => {
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    post("u_mallory", `!link ${token}`);
    await server.waitForPosts(1);
    // Mallory declared nothing, so the answer is in the portal's default language.
    expect(server.posts[0]).toEqual({
      channel_id: "dm-u_mallory",
      message: translatorFor("fr", "bot")("link.wrongSender"),
    });
    expect((await channel())?.verifiedAt).toBeNull();

    post("u_alice", `!link ${token}`, "G", "group-1");
    await server.waitForPosts(2);
    expect(server.posts[1]).toMatchObject({ channel_id: "group-1" });
    expect((await channel())?.verifiedAt).toBeNull();

    post("u_alice", `!link ${token}`);
    await server.waitForPosts(3);
    expect(server.posts[2]).toEqual({ channel_id: "dm-u_alice", message: en("link.success") });
    expect(await channel()).toMatchObject({ roomId: "dm-u_alice", verifiedAt: expect.any(Date) });
  });

  it("answers each post once, and never its own posts or plain conversation", async () => {
    const before = server.posts.length;
    server.emitPost({ id: "same", userId: "u_alice", channelId: "dm-u_alice", message: "!help", channelType: "D" });
    server.emitPost({ id: "same", userId: "u_alice", channelId: "dm-u_alice", message: "!help", channelType: "D" });
    post("bot1", "!help");
    post("u_alice", "hello");
    post("u_alice", "!aide");
    await server.waitForPosts(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.posts.slice(before).map((sent) => sent.channel_id)).toEqual(["dm-u_alice", "dm-u_alice"]);
  });

  it("reconnects after the socket drops", async () => {
    server.dropSockets();
    await waitFor("the bot back on a new socket", () => (server.socketCount() === 1 ? true : undefined), 5_000, 20);
    const before = server.posts.length;
    post("u_alice", "!help");
    await server.waitForPosts(before + 1);
  });

  it("fails to start with a wrong token", async () => {
    await expect(startMattermostBot({ db: handle.db, serverUrl: server.url, botToken: "wrong" })).rejects.toMatchObject(
      {
        message: "mattermost: HTTP 401",
      },
    );
  });
});
