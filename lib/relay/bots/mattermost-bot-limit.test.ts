import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/channels/mutations";
import type { DbHandle } from "@/lib/db/client";
import { translatorFor } from "@/lib/i18n/messages";
import { createWindowLimiter } from "@/lib/limits/window-limiter";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createdChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { type FakeMattermost, startFakeMattermost } from "@/lib/testing/relay/mattermost.fake";
import { type MattermostBot, startMattermostBot } from "./mattermost-bot";

const botToken = "bot-personal-access-token";
let handle: DbHandle;
let server: FakeMattermost;
let bot: MattermostBot;
let clock = 0;
const nl = translatorFor("nl", "bot");

beforeAll(async () => {
  handle = await createTestDatabase();
  const memberId = (await upsertMemberFromOidc(handle.db, { subject: "greta", isAdmin: false })).id;
  await setMemberLocale(handle.db, memberId, "nl");
  await createdChannel(
    createChannel(
      handle.db,
      memberId,
      { type: "mattermost", username: "greta", minSeverity: "info" },
      { maxChannels: 100 },
    ),
  );
  server = await startFakeMattermost({
    token: botToken,
    botId: "bot1",
    users: { bot1: "vigie", u_greta: "greta", u_hugo: "hugo" },
  });
  const commandLimiter = createWindowLimiter({ limit: 3, windowMs: 60_000, now: () => clock });
  bot = await startMattermostBot({ db: handle.db, serverUrl: server.url, botToken, commandLimiter });
});
afterAll(async () => {
  await bot.stop();
  await server.close();
  await handle.close();
});

let postCounter = 0;
const post = (userId: string, message: string) => {
  postCounter += 1;
  server.emitPost({ id: `flood-${postCounter}`, userId, channelId: `dm-${userId}`, message, channelType: "D" });
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("Mattermost bot command limit", () => {
  it("answers a flooding user's first commands, says 'slow down' once in their language, then nothing until the minute passes", async () => {
    for (let i = 0; i < 8; i += 1) post("u_greta", "!help");
    await server.waitForPosts(4);
    await settle();
    const toGreta = server.posts.filter((sent) => sent.channel_id === "dm-u_greta").map((sent) => sent.message);
    // Commands are handled concurrently, so the answers may arrive in any order.
    expect(toGreta.sort()).toEqual(
      [nl("commands.help"), nl("commands.help"), nl("commands.help"), nl("commands.slowDown", { seconds: 60 })].sort(),
    );

    post("u_hugo", "!help"); // another user is not held back
    await server.waitForPosts(5);
    expect(server.posts.at(-1)?.channel_id).toBe("dm-u_hugo");

    clock += 60_000;
    post("u_greta", "!help");
    await server.waitForPosts(6);
    expect(server.posts.at(-1)).toEqual({ channel_id: "dm-u_greta", message: nl("commands.help") });
  });
});
