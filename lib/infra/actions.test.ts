import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { infraComponents, members, notifications, targets } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { recordInfraGroup } from "@/lib/relay/infra/incidents";
import { infraGroupPayload, seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { deleteComponentAction, saveComponentAction, sendIncidentNoteAction, setDependencyAction, type InfraFormState } from "./actions";
import { listInfraComponents } from "./data";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
const session = vi.hoisted(() => ({ viewer: null as null | { memberId: string; isAdmin: boolean }, handle: null as null | { db: unknown } }));
vi.mock("@/lib/auth", () => ({ currentViewer: async () => session.viewer && { ...session.viewer, locale: "fr", displayName: null } }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), db: async () => session.handle!.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
const syncs = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/monitoring/runtime", () => ({ requestMonitoringSync: () => void syncs.count++ }));

let handle: DbHandle;
let adminId: string;
let memberId: string;
let vpsId: string;
const idle: InfraFormState = { done: null, error: null, fieldErrors: {}, values: {} };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const noteKey = "6f1d2c3b-4a59-4876-8a1b-2c3d4e5f6a7b";

beforeAll(async () => {
  handle = await createTestDatabase();
  session.handle = handle;
  const admin = await seedMember(handle.db);
  adminId = admin.memberId;
  await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, adminId));
  memberId = (await seedMember(handle.db)).memberId;
  vpsId = await seedTarget(handle.db, memberId, { kind: "vps" });
});
afterAll(() => handle.close());
beforeEach(() => {
  syncs.count = 0;
});

describe("a member who is not an admin gets nothing", () => {
  beforeEach(() => {
    session.viewer = { memberId, isAdmin: false };
  });

  it("cannot add, edit, delete components, choose dependencies or message members", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const attempts = await Promise.all([
      saveComponentAction(idle, form({ kind: "hypervisor", name: "Mine", address: "node/pve9" })),
      saveComponentAction(idle, form({ componentId: pve, name: "Renamed", address: "node/pve9" })),
      deleteComponentAction(idle, form({ componentId: pve })),
      setDependencyAction(idle, form({ targetId: vpsId, componentId: pve })),
    ]);
    for (const state of attempts) expect(state).toMatchObject({ done: null, error: "not_admin" });
    expect(await listInfraComponents(handle.db)).toEqual([{ id: pve, kind: "hypervisor", name: "pve1", address: "node/pve1" }]);
    const [vps] = await handle.db.select({ dependsOn: targets.dependsOn }).from(targets).where(eq(targets.id, vpsId));
    expect(vps!.dependsOn).toBeNull();
    expect(syncs.count).toBe(0);
    await handle.db.delete(infraComponents).where(eq(infraComponents.id, pve));
  });

  it("cannot write to the members of an incident, even with a session that still says admin", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    await seedTarget(handle.db, memberId, { kind: "vps", dependsOn: pve });
    await seedMatrixChannel(handle.db, memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(pve));
    const incidentId = (await handle.db.select({ notice: notifications.notice }).from(notifications).where(eq(notifications.memberId, memberId)))[0]!.notice!;
    const id = "incidentId" in incidentId ? incidentId.incidentId : "";
    expect(await sendIncidentNoteAction(idle, form({ incidentId: id, noteKey, text: "Hello" }))).toMatchObject({ error: "not_admin" });
    session.viewer = { memberId, isAdmin: true }; // demoted since the session was made
    expect(await sendIncidentNoteAction(idle, form({ incidentId: id, noteKey, text: "Hello" }))).toMatchObject({ error: "not_admin" });
    expect(await saveComponentAction(idle, form({ kind: "hypervisor", name: "X", address: "node/x" }))).toMatchObject({ error: "not_admin" });
    const notes = (await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId))).filter((r) => r.notice?.type === "infra_note");
    expect(notes).toEqual([]);

    session.viewer = { memberId: adminId, isAdmin: true };
    expect(await sendIncidentNoteAction(idle, form({ incidentId: id, noteKey, text: "" }))).toMatchObject({ error: "invalid", fieldErrors: { text: "text_required" } });
    expect(await sendIncidentNoteAction(idle, form({ incidentId: id, noteKey, text: "x".repeat(1001) }))).toMatchObject({ fieldErrors: { text: "text_too_long" } });
    expect(await sendIncidentNoteAction(idle, form({ incidentId: id, noteKey, text: "Back at 3 pm" }))).toMatchObject({ done: { what: "note", count: 1 } });
  });
});

describe("an admin", () => {
  beforeEach(() => {
    session.viewer = { memberId: adminId, isAdmin: true };
  });

  it("adds, edits and deletes components with validated addresses, and syncs the monitoring each time", async () => {
    expect(await saveComponentAction(idle, form({ kind: "hypervisor", name: "Ketupa 1", address: "pve1" }))).toMatchObject({
      error: "invalid",
      fieldErrors: { address: "address_node_invalid" },
      values: { name: "Ketupa 1" },
    });
    expect(await saveComponentAction(idle, form({ kind: "vpn_server", name: "", address: "not a host" }))).toMatchObject({
      fieldErrors: { name: "name_required", address: "address_host_invalid" },
    });
    expect(await saveComponentAction(idle, form({ kind: "vpn_server", name: "VPN", address: "VPN.Neutrinet.be" }))).toMatchObject({ done: { what: "saved", label: "VPN" } });
    const vpn = (await listInfraComponents(handle.db)).find((c) => c.name === "VPN")!;
    expect(vpn.address).toBe("vpn.neutrinet.be");
    // The kind is fixed once created: an edit keeps it whatever the form says.
    await saveComponentAction(idle, form({ componentId: vpn.id, kind: "hypervisor", name: "VPN Brussels", address: "10.0.0.1" }));
    expect((await listInfraComponents(handle.db)).find((c) => c.id === vpn.id)).toMatchObject({ kind: "vpn_server", name: "VPN Brussels", address: "10.0.0.1" });
    expect(await deleteComponentAction(idle, form({ componentId: vpn.id }))).toMatchObject({ done: { what: "deleted", label: "VPN Brussels" } });
    expect(syncs.count).toBe(3);
  });

  it("puts a VPS on a hypervisor but not behind a VPN server, and clears the choice", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const vpn = await seedComponent(handle.db, "vpn_server");
    expect(await setDependencyAction(idle, form({ targetId: vpsId, componentId: vpn }))).toMatchObject({ error: "kind_mismatch" });
    expect(await setDependencyAction(idle, form({ targetId: vpsId, componentId: pve }))).toMatchObject({ done: { what: "dependency" } });
    const dependsOn = async () => (await handle.db.select({ d: targets.dependsOn }).from(targets).where(eq(targets.id, vpsId)))[0]!.d;
    expect(await dependsOn()).toBe(pve);
    await setDependencyAction(idle, form({ targetId: vpsId, componentId: "" }));
    expect(await dependsOn()).toBeNull();
    expect(await setDependencyAction(idle, form({ targetId: "t_00000000000000000000", componentId: pve }))).toMatchObject({ error: "target_not_found" });
  });
});
