import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { monitoringSyncs, signInViewer, testDatabase } from "@/lib/testing/session";
import { addTargetAction, deleteTargetAction, editTargetAction, setTargetPausedAction } from "./actions";
import { findTargetForMember, listTargetsForMember } from "./data";
import { createTarget } from "./mutations";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());

let handle: DbHandle;
let alice: string;
let bob: string;
let aliceTarget: string;
const idle = null;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
  const created = await createTarget(
    handle.db,
    alice,
    { kind: "vps", label: "Alice VPS", vmId: "qemu/101" },
    { allowedNetworks: [], autoApprovedNetworks: [], monitoringHosts: [] },
    100,
  );
  if (!created.ok) throw new Error("seed failed");
  aliceTarget = created.id;
});
afterAll(() => handle.close());
beforeEach(() => {
  monitoringSyncs.count = 0;
});

describe("target actions with another member's ids", () => {
  beforeEach(() => {
    signInViewer(bob);
  });

  it("edit, pause and delete find nothing and sync nothing", async () => {
    const edited = await editTargetAction(
      idle,
      form({ targetId: aliceTarget, kind: "vps", label: "Bob's now", vmId: "qemu/102" }),
    );
    expect(edited).toMatchObject({
      ok: false,
      fields: { kind: "target_not_found" },
      typed: { label: "Bob's now", vmId: "qemu/102" },
    });
    await setTargetPausedAction(idle, form({ targetId: aliceTarget, paused: "true" }));
    await deleteTargetAction(idle, form({ targetId: aliceTarget }));
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({
      label: "Alice VPS",
      address: "qemu/101",
      paused: false,
      status: "pending",
    });
    expect(monitoringSyncs.count).toBe(0);
  });

  it("bad input comes back per field, kept as typed, with nothing saved", async () => {
    const before = (await listTargetsForMember(handle.db, bob)).length;
    const refused = await addTargetAction(idle, form({ kind: "tcp", label: "", host: "10.1.2.3", port: "99999" }));
    expect(refused).toMatchObject({
      ok: false,
      fields: { label: "label_required", port: "port_invalid" },
      typed: { kind: "tcp", host: "10.1.2.3", port: "99999" },
    });
    expect(await addTargetAction(idle, form({ kind: "router", label: "x" }))).toMatchObject({
      ok: false,
      fields: { kind: "kind_invalid" },
    });
    expect(await listTargetsForMember(handle.db, bob)).toHaveLength(before);
    expect(monitoringSyncs.count).toBe(0);
  });
});

describe("edit action", () => {
  it("saves the owner's edit, sends it back to review and re-renders the monitoring configuration", async () => {
    signInViewer(alice);
    const edited = await editTargetAction(
      idle,
      form({ targetId: aliceTarget, kind: "vps", label: "Alice VPS", vmId: "qemu/103" }),
    );
    expect(edited).toMatchObject({ ok: true, outcome: "pending" });
    expect(await findTargetForMember(handle.db, alice, aliceTarget)).toMatchObject({
      address: "qemu/103",
      status: "pending",
    });
    expect(monitoringSyncs.count).toBe(1);
  });
});

describe("pause action", () => {
  it("resumes a paused target only if its address passes the guard, and says why it did not", async () => {
    signInViewer(alice);
    // Stored as a name would be once it resolves to a private address: the resume must judge it anew.
    const id = newId("t");
    await handle.db
      .insert(targets)
      .values({ id, memberId: alice, kind: "ping", label: "Moved", address: "10.0.0.5", paused: true });
    await setTargetPausedAction(idle, form({ targetId: id, paused: "false" }));
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({
      paused: true,
      guardPauseReason: "address_not_allowed",
    });
    // The row now shows the translated reason; the page and the monitoring files follow.
    expect(monitoringSyncs.count).toBe(1);
  });
});

describe("add action at the quota", () => {
  it("refuses the target past MEMBER_MAX_TARGETS with the limit, keeping what was typed", async () => {
    const dora = (await upsertMemberFromOidc(handle.db, { subject: "dora", isAdmin: false })).id;
    signInViewer(dora);
    process.env.MEMBER_MAX_TARGETS = "1";
    resetEnvForTests();
    try {
      expect(await addTargetAction(idle, form({ kind: "vps", label: "Dora VPS", vmId: "qemu/301" }))).toMatchObject({
        ok: true,
      });
      const refused = await addTargetAction(idle, form({ kind: "vpn", label: "Dora VPN", client: "dora-cube" }));
      expect(refused).toMatchObject({
        ok: false,
        fields: { kind: "target_quota_reached" },
        values: { limit: 1 },
        typed: { kind: "vpn", label: "Dora VPN", client: "dora-cube" },
      });
      expect(await listTargetsForMember(handle.db, dora)).toHaveLength(1);
    } finally {
      delete process.env.MEMBER_MAX_TARGETS;
      resetEnvForTests();
    }
  });
});
