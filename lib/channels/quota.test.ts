import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { listChannelsForMember } from "./data";
import { createChannel, deleteChannel } from "./mutations";

let handle: DbHandle;
const chat = (username: string) => ({ type: "mattermost" as const, username, minSeverity: "info" as const });
const member = async (subject: string, isAdmin = false) =>
  (await upsertMemberFromOidc(handle.db, { subject, isAdmin })).id;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("the per-member channel quota", () => {
  it("refuses a new channel past the limit, still updates one already declared, and frees a slot on delete", async () => {
    const alice = await member("alice");
    const first = await createChannel(handle.db, alice, chat("alice1"), { maxChannels: 2 });
    await createChannel(handle.db, alice, chat("alice2"), { maxChannels: 2 });
    expect(await createChannel(handle.db, alice, chat("alice3"), { maxChannels: 2 })).toEqual({
      ok: false,
      reason: "channel_quota_reached",
      limit: 2,
    });
    expect(
      await createChannel(handle.db, alice, { ...chat("alice2"), minSeverity: "critical" }, { maxChannels: 2 }),
    ).toMatchObject({ ok: true, created: false });
    expect((await listChannelsForMember(handle.db, alice)).map((channel) => channel.address)).toEqual([
      "alice1",
      "alice2",
    ]);
    if (!first.ok) throw new Error("first channel refused");
    await deleteChannel(handle.db, alice, first.channelId);
    expect(await createChannel(handle.db, alice, chat("alice3"), { maxChannels: 2 })).toMatchObject({
      ok: true,
      created: true,
    });
  });

  it("does not limit admins", async () => {
    const admin = await member("admin", true);
    for (const name of ["adm1", "adm2", "adm3"])
      expect((await createChannel(handle.db, admin, chat(name), { maxChannels: 1 })).ok).toBe(true);
  });

  // On PostgreSQL (TEST_DATABASE_URL) these run on separate connections at once.
  it("lets only `limit` of many concurrent declarations through", async () => {
    const bob = await member("bob");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => createChannel(handle.db, bob, chat(`bob${n}`), { maxChannels: 3 })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(await listChannelsForMember(handle.db, bob)).toHaveLength(3);
  });
});
