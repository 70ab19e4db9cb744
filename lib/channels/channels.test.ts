import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { consumeLinkToken, issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { createdChannel, createMatrixChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { findChannelForMember, findGotifyDestination, findLocaleForChatUser, listChannelsForMember } from "./data";
import { createChannel, deleteChannel, setChannelMinSeverity } from "./mutations";
import { matrixIdSchema } from "./schema";

let handle: DbHandle;
let alice: string;
let bob: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
  await setMemberLocale(handle.db, bob, "en");
});
afterAll(() => handle.close());

const matrixId = (value: string) => matrixIdSchema.parse(value);

describe("channels", () => {
  it("creates a Matrix channel once per member and address", async () => {
    const first = await createMatrixChannel(handle.db, alice, matrixId("@alice:example.org"), 100);
    const again = await createMatrixChannel(handle.db, alice, matrixId("@alice:example.org"), 100);
    expect(again).toBe(first);
    expect(first).toMatch(/^c_/);
    const listed = await listChannelsForMember(handle.db, alice);
    expect(listed).toEqual([
      {
        id: first,
        type: "matrix",
        address: "@alice:example.org",
        minSeverity: "info",
        verifiedAt: null,
        disabledAt: null,
        disabledReason: null,
        lastDelivery: null,
      },
    ]);
  });

  it("never lists or deletes another member's channels", async () => {
    const bobs = await createMatrixChannel(handle.db, bob, matrixId("@bob:example.org"), 100);
    expect((await listChannelsForMember(handle.db, alice)).map((channel) => channel.id)).not.toContain(bobs);
    expect(await deleteChannel(handle.db, alice, bobs)).toBe(false);
    expect((await listChannelsForMember(handle.db, bob)).map((channel) => channel.id)).toEqual([bobs]);
    expect(await deleteChannel(handle.db, bob, bobs)).toBe(true);
    expect(await listChannelsForMember(handle.db, bob)).toEqual([]);
  });

  it("a linked channel is verified, with its room; the others stay unverified", async () => {
    const linked = await createMatrixChannel(handle.db, alice, matrixId("@alice2:example.org"), 100);
    await createMatrixChannel(handle.db, alice, matrixId("@alice3:example.org"), 100);
    const token = await issueLinkToken(handle.db, { memberId: alice, channelId: linked, ttlMinutes: 5 });
    await consumeLinkToken(handle.db, { token, sender: "@alice2:example.org", roomId: "!dm:example.org" });
    const verifiedOf = async (memberId: string) =>
      handle.db
        .select({ id: channels.id, type: channels.type, roomId: channels.roomId })
        .from(channels)
        .where(and(eq(channels.memberId, memberId), isNotNull(channels.verifiedAt)));
    expect(await verifiedOf(alice)).toEqual([{ id: linked, type: "matrix", roomId: "!dm:example.org" }]);
    expect(await verifiedOf(bob)).toEqual([]);
  });

  it("finds the language of a declared Matrix account", async () => {
    await createMatrixChannel(handle.db, bob, matrixId("@bob-en:example.org"), 100);
    expect(await findLocaleForChatUser(handle.db, "matrix", "@bob-en:example.org")).toBe("en");
    expect(await findLocaleForChatUser(handle.db, "matrix", "@stranger:example.org")).toBeNull();
  });

  it("changes the minimum severity of the member's own channel only", async () => {
    const bobs = (
      await createdChannel(
        createChannel(
          handle.db,
          bob,
          { type: "email", email: "bob@example.org", minSeverity: "info" },
          { maxChannels: 100 },
        ),
      )
    ).channelId;
    expect(await setChannelMinSeverity(handle.db, alice, bobs, "critical")).toBe(false);
    expect((await findChannelForMember(handle.db, bob, bobs))?.minSeverity).toBe("info");
    expect(await findChannelForMember(handle.db, alice, bobs)).toBeUndefined();
    expect(await setChannelMinSeverity(handle.db, bob, bobs, "critical")).toBe(true);
    expect((await findChannelForMember(handle.db, bob, bobs))?.minSeverity).toBe("critical");
  });

  it("seals a Gotify token for the row's id, renews it (and the verification) on a new declaration, and never lists it", async () => {
    const input = {
      type: "gotify" as const,
      serverUrl: "https://push.example.org",
      appToken: "Tok.1234567",
      minSeverity: "warning" as const,
    };
    const first = await createdChannel(
      createChannel(handle.db, alice, input, {
        maxChannels: 100,
        sealSecret: (secret, id) => `sealed:${secret}:${id}`,
      }),
    );
    expect(first.created).toBe(true);
    await handle.db.update(channels).set({ verifiedAt: new Date() }).where(eq(channels.id, first.channelId));
    const again = await createdChannel(
      createChannel(
        handle.db,
        alice,
        { ...input, appToken: "Tok.7654321" },
        { maxChannels: 100, sealSecret: (secret, id) => `sealed:${secret}:${id}` },
      ),
    );
    expect(again).toEqual({ ok: true, channelId: first.channelId, created: false });
    expect(await findGotifyDestination(handle.db, alice, first.channelId)).toEqual({
      serverUrl: "https://push.example.org",
      secretCiphertext: `sealed:Tok.7654321:${first.channelId}`,
    });
    expect((await findChannelForMember(handle.db, alice, first.channelId))?.verifiedAt).toBeNull();
    expect(JSON.stringify(await listChannelsForMember(handle.db, alice))).not.toContain("sealed");
    expect(await findGotifyDestination(handle.db, bob, first.channelId)).toBeUndefined();
    await expect(
      createChannel(handle.db, alice, { ...input, serverUrl: "https://other.example.org" }, { maxChannels: 100 }),
    ).rejects.toThrow("secret_key_missing");
  });

  it("finds the language of a declared Mattermost account", async () => {
    await createChannel(
      handle.db,
      bob,
      { type: "mattermost", username: "bobby", minSeverity: "info" },
      { maxChannels: 100 },
    );
    expect(await findLocaleForChatUser(handle.db, "mattermost", "bobby")).toBe("en");
    expect(await findLocaleForChatUser(handle.db, "matrix", "bobby")).toBeNull();
  });
});
