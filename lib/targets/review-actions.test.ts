import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { members } from "@/lib/db/schema";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { adminScopeFor } from "@/lib/testing/scopes";
import { monitoringSyncs, testDatabase, testSession } from "@/lib/testing/session";
import { findTargetForMember, listPendingRequests } from "./data";
import { createTarget, updateTarget } from "./mutations";
import { reviewRequestAction } from "./review-actions";

// The action runs as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());

let handle: DbHandle;
let alice: string;
let bob: string;
let admin: string;
let aliceTarget: string;
const policy = { allowedNetworks: [], autoApprovedNetworks: [], monitoringHosts: [] };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const versionOf = async (id: string) =>
  (await listPendingRequests(handle.db, adminScopeFor(admin))).find((request) => request.id === id)!.addressVersion;

async function requestFor(memberId: string, input: Record<string, unknown>): Promise<string> {
  const created = await createTarget(handle.db, memberId, input, policy, 100);
  if (!created.ok || created.status !== "pending") throw new Error(JSON.stringify(created));
  return created.id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
  admin = (await upsertMemberFromOidc(handle.db, { subject: "admin", isAdmin: true })).id;
  aliceTarget = await requestFor(alice, { kind: "vps", label: "Alice VPS", vmId: "qemu/101" });
});
afterAll(() => handle.close());
beforeEach(() => {
  monitoringSyncs.count = 0;
  testSession.memberId = null;
});

describe("who may review", () => {
  it("a member cannot approve or reject, even their own request", async () => {
    testSession.memberId = bob;
    const bobTarget = await requestFor(bob, { kind: "vpn", label: "VPN", client: "bob" });
    for (const targetId of [aliceTarget, bobTarget]) {
      expect(
        await reviewRequestAction(
          null,
          form({ targetId, decision: "approve", addressVersion: await versionOf(targetId) }),
        ),
      ).toMatchObject({ ok: false, reason: "not_admin" });
      expect(await reviewRequestAction(null, form({ targetId, decision: "reject", reason: "no" }))).toMatchObject({
        ok: false,
        reason: "not_admin",
      });
    }
    expect(await findTargetForMember(handle.db, bob, bobTarget)).toMatchObject({ status: "pending" });
    expect(monitoringSyncs.count).toBe(0);
  });

  it("an unknown (forged) member id, or an admin demoted since signing in, changes nothing", async () => {
    const version = await versionOf(aliceTarget);
    testSession.memberId = "m_forged";
    expect(
      await reviewRequestAction(null, form({ targetId: aliceTarget, decision: "approve", addressVersion: version })),
    ).toMatchObject({ reason: "not_admin" });
    const demoted = (await upsertMemberFromOidc(handle.db, { subject: "demoted", isAdmin: true })).id;
    testSession.memberId = demoted;
    await handle.db.update(members).set({ isAdmin: false }).where(eq(members.id, demoted));
    expect(
      await reviewRequestAction(null, form({ targetId: aliceTarget, decision: "approve", addressVersion: version })),
    ).toMatchObject({ reason: "not_admin" });
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ status: "pending" });
  });
});

describe("review action", () => {
  it("lets an admin approve, asks a reason to reject, and says which target it was", async () => {
    testSession.memberId = admin;
    const seen = await versionOf(aliceTarget);
    expect(await reviewRequestAction(null, form({ targetId: aliceTarget, decision: "reject", reason: "" }))).toEqual({
      ok: false,
      reason: "reason_required",
      typed: { targetId: aliceTarget, reasonText: "" },
    });
    // Alice edits her request after the admin's page was loaded: the page's address no longer approves it.
    expect(
      await updateTarget(handle.db, alice, aliceTarget, { label: "Alice VPS", vmId: "qemu/103" }, policy),
    ).toMatchObject({ ok: true, status: "pending" });
    expect(
      await reviewRequestAction(
        null,
        form({ targetId: aliceTarget, decision: "approve", reason: "", addressVersion: seen }),
      ),
    ).toEqual({
      ok: false,
      reason: "request_changed",
      values: { address: "qemu/103" },
      typed: { targetId: aliceTarget, reasonText: "" },
    });
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ status: "pending" });
    expect(monitoringSyncs.count).toBe(0);
    expect(
      await reviewRequestAction(
        null,
        form({ targetId: aliceTarget, decision: "approve", reason: "", addressVersion: await versionOf(aliceTarget) }),
      ),
    ).toEqual({
      ok: true,
      decision: "approved",
      label: "Alice VPS",
    });
    expect(monitoringSyncs.count).toBe(1);
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ status: "active" });
  });

  it("approves a brick whose stored URL percent-encoding made far longer than any form field", async () => {
    const created = await createTarget(
      handle.db,
      alice,
      { kind: "brick", label: "Long", url: `https://80.67.169.12/${"é".repeat(2000)}` },
      policy,
      100,
    );
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await findTargetForMember(handle.db, alice, created.id))!.address.length).toBeGreaterThan(12_000);
    testSession.memberId = admin;
    const version = await versionOf(created.id);
    expect(
      await reviewRequestAction(
        null,
        form({ targetId: created.id, decision: "approve", reason: "", addressVersion: version }),
      ),
    ).toEqual({
      ok: true,
      decision: "approved",
      label: "Long",
    });
  });
});
