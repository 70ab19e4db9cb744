import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixIdSchema } from "@/lib/channels/schema";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { locales } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createMatrixChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { answerCommand } from "./command-replies";

let handle: DbHandle;
let memberId: string;
let channelId: string;
const owner = "@owner:example.org";
const direct = { sender: owner, roomId: "!dm:example.org", isDirect: true, channelType: "matrix" } as const;

beforeAll(async () => {
  handle = await createTestDatabase();
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "owner", isAdmin: false })).id;
  await setMemberLocale(handle.db, memberId, "en");
  channelId = await createMatrixChannel(handle.db, memberId, matrixIdSchema.parse(owner), 100);
});
afterAll(() => handle.close());

describe("answerCommand", () => {
  it("answers a known owner in their language and a stranger in French", async () => {
    const en = translatorFor("en", "bot");
    expect(await answerCommand(handle.db, { kind: "help" }, direct)).toBe(en("commands.help"));
    const stranger = { ...direct, sender: "@stranger:example.org" };
    expect(await answerCommand(handle.db, { kind: "help" }, stranger)).toBe(
      translatorFor("fr", "bot")("commands.help"),
    );
  });

  it("answers an event whose account or room id carries control characters instead of failing its query", async () => {
    const malformed = { ...direct, sender: "@stranger\u0000:example.org", roomId: "!room\u0000:example.org" };
    for (const command of [{ kind: "help" }, { kind: "status" }, { kind: "link", token: "t0ken" }] as const) {
      expect(await answerCommand(handle.db, command, malformed)).not.toBe("");
    }
  });

  it("asks for the missing token", async () => {
    const answer = await answerCommand(handle.db, { kind: "link", token: null }, direct);
    expect(answer).toBe(translatorFor("en", "bot")("link.missingToken"));
  });

  it("refuses to link a room shared with others, keeping the token", async () => {
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const group = { ...direct, roomId: "!group:example.org", isDirect: false };
    expect(await answerCommand(handle.db, { kind: "link", token }, group)).toBe(
      translatorFor("en", "bot")("link.notDirect"),
    );
    expect(await answerCommand(handle.db, { kind: "link", token }, direct)).toBe(
      translatorFor("en", "bot")("link.success"),
    );
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel?.roomId).toBe("!dm:example.org");
  });

  it("refuses a Matrix channel's token sent from another chat network, keeping the token", async () => {
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const fromMattermost = { ...direct, channelType: "mattermost" } as const;
    // No member declared this Mattermost account, so the answer is in French.
    expect(await answerCommand(handle.db, { kind: "link", token }, fromMattermost)).toBe(
      translatorFor("fr", "bot")("link.wrongSender"),
    );
    expect(await answerCommand(handle.db, { kind: "link", token }, direct)).toBe(
      translatorFor("en", "bot")("link.success"),
    );
  });

  it.each(locales)("has every bot text in %s, filled in", (locale) => {
    const t = translatorFor(locale, "bot");
    const keys = [
      "commands.help",
      "link.success",
      "link.missingToken",
      "link.unknown",
      "link.expired",
      "link.used",
      "link.wrongSender",
      "link.notDirect",
    ] as const;
    for (const key of keys) expect(t(key)).not.toContain(key);
    expect(t("commands.unknown", { command: "!x" })).toContain("!x");
  });
});
