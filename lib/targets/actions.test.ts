import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { newId } from "@/lib/ids";
import { resetEnvForTests } from "@/lib/env";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { addTargetAction, deleteTargetAction, editTargetAction, setTargetPausedAction, type TargetFormState } from "./actions";
import { findTargetForMember, listPendingRequests, listTargetsForMember } from "./data";
import { createTarget } from "./mutations";
import { reviewRequestAction } from "./review-actions";
import { emptyTargetValues } from "./schema";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
const session = vi.hoisted(() => ({ viewer: null as null | { memberId: string; isAdmin: boolean }, handle: null as null | { db: unknown } }));
vi.mock("@/lib/auth", () => ({ currentViewer: async () => session.viewer && { ...session.viewer, locale: "fr", displayName: null } }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), db: async () => session.handle!.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const syncs = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/monitoring/runtime", () => ({ requestMonitoringSync: () => void syncs.count++ }));

let handle: DbHandle;
let alice: string;
let bob: string;
let admin: string;
let aliceTarget: string;
const idle: TargetFormState = { status: "idle", outcome: null, errors: {}, values: emptyTargetValues, savedCount: 0 };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  session.handle = handle;
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
  admin = (await upsertMemberFromOidc(handle.db, { subject: "admin", isAdmin: true })).id;
  const created = await createTarget(handle.db, alice, { kind: "vps", label: "Alice VPS", vmId: "qemu/101" }, { allowedNetworks: [], autoApprovedNetworks: [], monitoringHosts: [] }, 100);
  if (!created.ok) throw new Error("seed failed");
  aliceTarget = created.id;
});
afterAll(() => handle.close());
beforeEach(() => {
  syncs.count = 0;
});

describe("target actions with another member's ids", () => {
  beforeEach(() => {
    session.viewer = { memberId: bob, isAdmin: false };
  });

  it("edit, pause and delete find nothing and sync nothing", async () => {
    const edited = await editTargetAction(idle, form({ targetId: aliceTarget, kind: "vps", label: "Bob's now", vmId: "qemu/102" }));
    expect(edited).toMatchObject({ status: "invalid", errors: { kind: "target_not_found" }, values: { label: "Bob's now", vmId: "qemu/102" } });
    await setTargetPausedAction(form({ targetId: aliceTarget, paused: "true" }));
    await deleteTargetAction(form({ targetId: aliceTarget }));
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ label: "Alice VPS", address: "qemu/101", paused: false, status: "pending" });
    expect(syncs.count).toBe(0);
  });

  it("a member cannot approve or reject, even their own request", async () => {
    const own = await addTargetAction(idle, form({ kind: "vpn", label: "VPN", client: "bob" }));
    expect(own).toMatchObject({ status: "saved", outcome: "pending" });
    const [bobTarget] = await listTargetsForMember(handle.db, bob);
    for (const targetId of [aliceTarget, bobTarget!.id]) {
      expect(await reviewRequestAction({ done: null, failure: null }, form({ targetId, decision: "approve" }))).toMatchObject({ failure: { error: "not_admin" } });
    }
    expect(await findTargetForMember(handle.db, bob, bobTarget!.id)).toMatchObject({ status: "pending" });
  });

  it("bad input comes back per field, kept as typed, with nothing saved", async () => {
    const before = (await listTargetsForMember(handle.db, bob)).length;
    const refused = await addTargetAction(idle, form({ kind: "tcp", label: "", host: "10.1.2.3", port: "99999" }));
    expect(refused).toMatchObject({ status: "invalid", errors: { label: "label_required", port: "port_invalid" }, values: { kind: "tcp", host: "10.1.2.3", port: "99999" } });
    expect(await addTargetAction(idle, form({ kind: "router", label: "x" }))).toMatchObject({ errors: { kind: "kind_invalid" } });
    expect(await listTargetsForMember(handle.db, bob)).toHaveLength(before);
    expect(syncs.count).toBe(0);
  });
});

const versionOf = async (id: string) => (await listPendingRequests(handle.db)).find((request) => request.id === id)!.addressVersion;

describe("review action", () => {
  it("lets an admin approve, asks a reason to reject, and says which target it was", async () => {
    session.viewer = { memberId: admin, isAdmin: true };
    const seen = await versionOf(aliceTarget);
    expect(await reviewRequestAction({ done: null, failure: null }, form({ targetId: aliceTarget, decision: "reject", reason: "" }))).toEqual({
      done: null,
      failure: { targetId: aliceTarget, error: "reason_required", reason: "" },
    });
    // Alice edits her request after the admin's page was loaded: the page's address no longer approves it.
    session.viewer = { memberId: alice, isAdmin: false };
    expect(await editTargetAction(idle, form({ targetId: aliceTarget, kind: "vps", label: "Alice VPS", vmId: "qemu/103" }))).toMatchObject({ status: "saved", outcome: "pending" });
    session.viewer = { memberId: admin, isAdmin: true };
    expect(await reviewRequestAction({ done: null, failure: null }, form({ targetId: aliceTarget, decision: "approve", reason: "", addressVersion: seen }))).toEqual({
      done: null,
      failure: { targetId: aliceTarget, error: "request_changed", reason: "", address: "qemu/103" },
    });
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ status: "pending" });
    expect(syncs.count).toBe(1);
    syncs.count = 0;
    expect(await reviewRequestAction({ done: null, failure: null }, form({ targetId: aliceTarget, decision: "approve", reason: "", addressVersion: await versionOf(aliceTarget) }))).toEqual({
      done: { decision: "approved", label: "Alice VPS" },
      failure: null,
    });
    expect(syncs.count).toBe(1);
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({ status: "active" });
  });

  it("approves a brick whose stored URL percent-encoding made far longer than any form field", async () => {
    const policy = { allowedNetworks: [], autoApprovedNetworks: [], monitoringHosts: [] };
    const created = await createTarget(handle.db, alice, { kind: "brick", label: "Long", url: `https://80.67.169.12/${"é".repeat(2000)}` }, policy, 100);
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await findTargetForMember(handle.db, alice, created.id))!.address.length).toBeGreaterThan(12_000);
    session.viewer = { memberId: admin, isAdmin: true };
    const version = await versionOf(created.id);
    expect(await reviewRequestAction({ done: null, failure: null }, form({ targetId: created.id, decision: "approve", reason: "", addressVersion: version }))).toEqual({
      done: { decision: "approved", label: "Long" },
      failure: null,
    });
  });
});

describe("pause action", () => {
  it("resumes a paused target only if its address passes the guard, and says why it did not", async () => {
    session.viewer = { memberId: alice, isAdmin: false };
    // Stored as a name would be once it resolves to a private address: the resume must judge it anew.
    const id = newId("t");
    await handle.db.insert(targets).values({ id, memberId: alice, kind: "ping", label: "Moved", address: "10.0.0.5", paused: true });
    await setTargetPausedAction(form({ targetId: id, paused: "false" }));
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ paused: true, guardPauseReason: "address_not_allowed" });
    // The row now shows the translated reason; the page and the monitoring files follow.
    expect(syncs.count).toBe(1);
  });
});

describe("add action at the quota", () => {
  it("refuses the target past MEMBER_MAX_TARGETS with the limit, keeping what was typed", async () => {
    const dora = (await upsertMemberFromOidc(handle.db, { subject: "dora", isAdmin: false })).id;
    session.viewer = { memberId: dora, isAdmin: false };
    process.env.MEMBER_MAX_TARGETS = "1";
    resetEnvForTests();
    try {
      expect(await addTargetAction(idle, form({ kind: "vps", label: "Dora VPS", vmId: "qemu/301" }))).toMatchObject({ status: "saved" });
      const refused = await addTargetAction(idle, form({ kind: "vpn", label: "Dora VPN", client: "dora-cube" }));
      expect(refused).toMatchObject({ status: "invalid", errors: { kind: "target_quota_reached" }, limit: 1, values: { kind: "vpn", label: "Dora VPN", client: "dora-cube" } });
      expect(await listTargetsForMember(handle.db, dora)).toHaveLength(1);
    } finally {
      delete process.env.MEMBER_MAX_TARGETS;
      resetEnvForTests();
    }
  });
});
