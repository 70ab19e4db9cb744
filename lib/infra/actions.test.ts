import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { infraComponents, members, notifications, targets } from "@/lib/db/schema";
import { recordInfraGroup } from "@/lib/relay/infra/incidents";
import { createTestDatabase } from "@/lib/testing/database";
import { infraGroupPayload, seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { monitoringSyncs, testDatabase, testSession } from "@/lib/testing/session";
import { deleteComponentAction, saveComponentAction, sendIncidentNoteAction, setDependencyAction } from "./actions";
import { listInfraComponents } from "./data";

// The actions run as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());

let handle: DbHandle;
let adminId: string;
let memberId: string;
let vpsId: string;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const noteKey = "6f1d2c3b-4a59-4876-8a1b-2c3d4e5f6a7b";

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  const admin = await seedMember(handle.db);
  adminId = admin.memberId;
  await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, adminId));
  memberId = (await seedMember(handle.db)).memberId;
  vpsId = await seedTarget(handle.db, memberId, { kind: "vps" });
});
afterAll(() => handle.close());
beforeEach(() => {
  monitoringSyncs.count = 0;
});

describe("a member who is not an admin gets nothing", () => {
  beforeEach(() => {
    testSession.memberId = memberId;
  });

  it("cannot add, edit, delete components, choose dependencies or message members", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const attempts = await Promise.all([
      saveComponentAction(null, form({ kind: "hypervisor", name: "Mine", address: "node/pve9" })),
      saveComponentAction(null, form({ componentId: pve, name: "Renamed", address: "node/pve9" })),
      deleteComponentAction(null, form({ componentId: pve })),
      setDependencyAction(null, form({ targetId: vpsId, componentId: pve })),
    ]);
    for (const state of attempts) expect(state).toMatchObject({ ok: false, reason: "not_admin" });
    expect(await listInfraComponents(handle.db)).toEqual([
      { id: pve, kind: "hypervisor", name: "pve1", address: "node/pve1" },
    ]);
    const [vps] = await handle.db.select({ dependsOn: targets.dependsOn }).from(targets).where(eq(targets.id, vpsId));
    expect(vps!.dependsOn).toBeNull();
    expect(monitoringSyncs.count).toBe(0);
    await handle.db.delete(infraComponents).where(eq(infraComponents.id, pve));
  });

  it("cannot write to the members of an incident, even as an admin demoted since signing in", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    await seedTarget(handle.db, memberId, { kind: "vps", dependsOn: pve });
    await seedMatrixChannel(handle.db, memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(pve));
    const incidentId = (
      await handle.db
        .select({ notice: notifications.notice })
        .from(notifications)
        .where(eq(notifications.memberId, memberId))
    )[0]!.notice!;
    const id = "incidentId" in incidentId ? incidentId.incidentId : "";
    expect(await sendIncidentNoteAction(null, form({ incidentId: id, noteKey, text: "Hello" }))).toMatchObject({
      reason: "not_admin",
    });
    const demoted = (await seedMember(handle.db)).memberId;
    await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, demoted));
    testSession.memberId = demoted; // signed in as an admin, then demoted: the session still names them
    await handle.db.update(members).set({ isAdmin: false }).where(eq(members.id, demoted));
    expect(await sendIncidentNoteAction(null, form({ incidentId: id, noteKey, text: "Hello" }))).toMatchObject({
      reason: "not_admin",
    });
    expect(await saveComponentAction(null, form({ kind: "hypervisor", name: "X", address: "node/x" }))).toMatchObject({
      reason: "not_admin",
    });
    const notes = (await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId))).filter(
      (r) => r.notice?.type === "infra_note",
    );
    expect(notes).toEqual([]);

    testSession.memberId = adminId;
    expect(await sendIncidentNoteAction(null, form({ incidentId: id, noteKey, text: "" }))).toMatchObject({
      reason: "invalid",
      fields: { text: "text_required" },
    });
    expect(await sendIncidentNoteAction(null, form({ incidentId: id, noteKey, text: "x".repeat(1001) }))).toMatchObject(
      { fields: { text: "text_too_long" } },
    );
    expect(await sendIncidentNoteAction(null, form({ incidentId: id, noteKey, text: "Back at 3 pm" }))).toMatchObject({
      ok: true,
      what: "note",
      count: 1,
    });
  });
});

describe("an admin", () => {
  beforeEach(() => {
    testSession.memberId = adminId;
  });

  it("adds, edits and deletes components with validated addresses, and syncs the monitoring each time", async () => {
    expect(
      await saveComponentAction(null, form({ kind: "hypervisor", name: "Ketupa 1", address: "pve1" })),
    ).toMatchObject({
      reason: "invalid",
      fields: { address: "address_node_invalid" },
      typed: { name: "Ketupa 1" },
    });
    expect(
      await saveComponentAction(null, form({ kind: "vpn_server", name: "", address: "not a host" })),
    ).toMatchObject({
      fields: { name: "name_required", address: "address_host_invalid" },
      // The refused form stays on the kind chosen, not the first one.
      typed: { kind: "vpn_server", name: "", address: "not a host" },
    });
    const forged = await saveComponentAction(null, form({ kind: "router", name: "", address: "x" }));
    expect(forged.ok === false && forged.typed).toEqual({ name: "", address: "x" });
    expect(
      await saveComponentAction(null, form({ kind: "vpn_server", name: "VPN", address: "VPN.Neutrinet.be" })),
    ).toMatchObject({ ok: true, what: "saved", label: "VPN" });
    const vpn = (await listInfraComponents(handle.db)).find((c) => c.name === "VPN")!;
    expect(vpn.address).toBe("vpn.neutrinet.be");
    // The kind is fixed once created: an edit keeps it whatever the form says.
    await saveComponentAction(
      null,
      form({ componentId: vpn.id, kind: "hypervisor", name: "VPN Brussels", address: "10.0.0.1" }),
    );
    expect((await listInfraComponents(handle.db)).find((c) => c.id === vpn.id)).toMatchObject({
      kind: "vpn_server",
      name: "VPN Brussels",
      address: "10.0.0.1",
    });
    expect(await deleteComponentAction(null, form({ componentId: vpn.id }))).toMatchObject({
      ok: true,
      what: "deleted",
      label: "VPN Brussels",
    });
    expect(monitoringSyncs.count).toBe(3);
  });

  it("puts a VPS on a hypervisor but not behind a VPN server, and clears the choice", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const vpn = await seedComponent(handle.db, "vpn_server");
    expect(await setDependencyAction(null, form({ targetId: vpsId, componentId: vpn }))).toMatchObject({
      reason: "kind_mismatch",
    });
    expect(await setDependencyAction(null, form({ targetId: vpsId, componentId: pve }))).toMatchObject({
      ok: true,
      what: "dependency",
    });
    const dependsOn = async () =>
      (await handle.db.select({ d: targets.dependsOn }).from(targets).where(eq(targets.id, vpsId)))[0]!.d;
    expect(await dependsOn()).toBe(pve);
    await setDependencyAction(null, form({ targetId: vpsId, componentId: "" }));
    expect(await dependsOn()).toBeNull();
    expect(
      await setDependencyAction(null, form({ targetId: "t_00000000000000000000", componentId: pve })),
    ).toMatchObject({ reason: "target_gone" });
  });
});
