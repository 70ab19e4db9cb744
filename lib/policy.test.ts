import { and, eq } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { currentViewer } from "@/lib/auth";
import type { DbHandle } from "@/lib/db/client";
import { members, targets } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { testDatabase, testSession } from "@/lib/testing/session";
import { adminScopeOf, canAdminister, memberScopeOf, ownedBy } from "./policy";

vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = await seedMember(handle.db);
  bob = await seedMember(handle.db);
});
afterAll(() => handle.close());

describe("ownedBy", () => {
  it("is the member-id condition of the table it is given", () => {
    expect(new PgDialect().sqlToQuery(ownedBy(targets, "m_alice"))).toMatchObject({
      sql: '"targets"."member_id" = $1',
      params: ["m_alice"],
    });
  });

  it("finds a member's own row, and nothing with another member's id", async () => {
    const byOwner = (memberId: string) =>
      handle.db
        .select({ id: targets.id })
        .from(targets)
        .where(and(eq(targets.id, alice.targetId), ownedBy(targets, memberId)));
    expect(await byOwner(alice.memberId)).toEqual([{ id: alice.targetId }]);
    expect(await byOwner(bob.memberId)).toEqual([]);
  });
});

describe("scopes", () => {
  it("give a member their own scope, and an admin scope only to an admin", () => {
    expect(memberScopeOf({ memberId: "m_a" })).toEqual({ memberId: "m_a" });
    expect(canAdminister({ isAdmin: false })).toBe(false);
    expect(adminScopeOf({ memberId: "m_a", isAdmin: false })).toBeNull();
    expect(adminScopeOf({ memberId: "m_b", isAdmin: true })).toEqual({ adminId: "m_b" });
  });

  it("follow the role in the database, not the session: a demoted admin or an unknown id gets no admin scope", async () => {
    await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, bob.memberId));
    testSession.memberId = bob.memberId;
    expect(adminScopeOf((await currentViewer())!)).toEqual({ adminId: bob.memberId });
    await handle.db.update(members).set({ isAdmin: false }).where(eq(members.id, bob.memberId));
    expect(adminScopeOf((await currentViewer())!)).toBeNull();
    testSession.memberId = "m_unknown";
    expect(await currentViewer()).toBeNull();
    testSession.memberId = null;
    expect(await currentViewer()).toBeNull();
  });
});
