import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/db/testing";
import { consumeLinkToken, issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import { findLocaleForMatrixUser, listChannelsForMember, listVerifiedChannelsForMember } from "./data";
import { createMatrixChannel, deleteChannel } from "./mutations";
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
    const first = await createMatrixChannel(handle.db, alice, matrixId("@alice:example.org"));
    const again = await createMatrixChannel(handle.db, alice, matrixId("@alice:example.org"));
    expect(again).toBe(first);
    expect(first).toMatch(/^c_/);
    const listed = await listChannelsForMember(handle.db, alice);
    expect(listed).toEqual([{ id: first, type: "matrix", address: "@alice:example.org", verifiedAt: null }]);
  });

  it("never lists or deletes another member's channels", async () => {
    const bobs = await createMatrixChannel(handle.db, bob, matrixId("@bob:example.org"));
    expect((await listChannelsForMember(handle.db, alice)).map((channel) => channel.id)).not.toContain(bobs);
    expect(await deleteChannel(handle.db, alice, bobs)).toBe(false);
    expect((await listChannelsForMember(handle.db, bob)).map((channel) => channel.id)).toEqual([bobs]);
    expect(await deleteChannel(handle.db, bob, bobs)).toBe(true);
    expect(await listChannelsForMember(handle.db, bob)).toEqual([]);
  });

  it("lists only verified channels, with their room", async () => {
    const linked = await createMatrixChannel(handle.db, alice, matrixId("@alice2:example.org"));
    await createMatrixChannel(handle.db, alice, matrixId("@alice3:example.org"));
    const token = await issueLinkToken(handle.db, { memberId: alice, channelId: linked, ttlMinutes: 5 });
    await consumeLinkToken(handle.db, { token, sender: "@alice2:example.org", roomId: "!dm:example.org" });
    expect(await listVerifiedChannelsForMember(handle.db, alice)).toEqual([
      { id: linked, type: "matrix", roomId: "!dm:example.org" },
    ]);
    expect(await listVerifiedChannelsForMember(handle.db, bob)).toEqual([]);
  });

  it("finds the language of a declared Matrix account", async () => {
    await createMatrixChannel(handle.db, bob, matrixId("@bob-en:example.org"));
    expect(await findLocaleForMatrixUser(handle.db, "@bob-en:example.org")).toBe("en");
    expect(await findLocaleForMatrixUser(handle.db, "@stranger:example.org")).toBeNull();
  });
});
