import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import type { TargetPolicy } from "./admission";
import { listTargetsForMember } from "./data";
import { createTarget, deleteTarget } from "./mutations";

let handle: DbHandle;
const policy: TargetPolicy = {
  allowedNetworks: [],
  autoApprovedNetworks: [],
  monitoringHosts: [],
  resolve: async () => ["80.67.169.12"],
};
const ping = (n: number) => ({ kind: "ping", label: `Host ${n}`, host: `h${n}.example.org` });

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

async function member(subject: string, isAdmin = false) {
  return (await upsertMemberFromOidc(handle.db, { subject, isAdmin })).id;
}

describe("the per-member target quota", () => {
  it("refuses the target past the limit, saying the limit, and stores nothing", async () => {
    const alice = await member("quota-alice");
    for (const n of [1, 2]) expect((await createTarget(handle.db, alice, ping(n), policy, 2)).ok).toBe(true);
    expect(await createTarget(handle.db, alice, ping(3), policy, 2)).toEqual({
      ok: false,
      reason: "target_quota_reached",
      fields: { kind: "target_quota_reached" },
      values: { limit: 2 },
    });
    expect(await listTargetsForMember(handle.db, alice)).toHaveLength(2);
  });

  it("frees a slot when the member deletes a target, and counts each member apart", async () => {
    const bob = await member("quota-bob");
    const carol = await member("quota-carol");
    const first = await createTarget(handle.db, bob, ping(1), policy, 1);
    expect((await createTarget(handle.db, carol, ping(1), policy, 1)).ok).toBe(true);
    expect((await createTarget(handle.db, bob, ping(2), policy, 1)).ok).toBe(false);
    if (!first.ok) throw new Error("first target refused");
    await deleteTarget(handle.db, bob, first.id);
    expect((await createTarget(handle.db, bob, ping(2), policy, 1)).ok).toBe(true);
  });

  it("does not limit admins", async () => {
    const admin = await member("quota-admin", true);
    for (const n of [1, 2, 3]) expect((await createTarget(handle.db, admin, ping(n), policy, 1)).ok).toBe(true);
  });

  // On PostgreSQL (TEST_DATABASE_URL) these run on separate connections at once: without the member's row lock,
  // several read the same count and all pass the last slot.
  it("lets only `limit` of many concurrent creations through", async () => {
    const dave = await member("quota-dave");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => createTarget(handle.db, dave, ping(n), policy, 3)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(await listTargetsForMember(handle.db, dave)).toHaveLength(3);
  });
});
