import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import type { TargetPolicy } from "./admission";
import { findTargetForMember, listTargetsForMember } from "./data";
import { createTarget, deleteTarget, setTargetPaused, updateTarget } from "./mutations";

let handle: DbHandle;
let alice: string;
let bob: string;
const policy: TargetPolicy = {
  allowedNetworks: [],
  autoApprovedNetworks: ["80.67.160.0/19"],
  monitoringHosts: [],
  resolve: async () => ["80.67.169.12"],
};

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob", isAdmin: false })).id;
});
afterAll(() => handle.close());

async function create(memberId: string, input: Record<string, unknown>) {
  const result = await createTarget(handle.db, memberId, input, policy, 100);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result;
}

describe("createTarget", () => {
  it("stores a brick for its member only, active inside the auto-approved networks", async () => {
    const result = await create(alice, { kind: "brick", label: "Ma brique", url: "https://brick.example.org" });
    expect(result.status).toBe("active");
    expect(await listTargetsForMember(handle.db, alice)).toMatchObject([
      { label: "Ma brique", address: "https://brick.example.org/", kind: "brick", status: "active", paused: false },
    ]);
    expect(await listTargetsForMember(handle.db, bob)).toEqual([]);
  });

  it("stores each kind's address in its own notation", async () => {
    const cases = [
      [{ kind: "ping", label: "p", host: "Host.Example.org" }, "host.example.org", "active"],
      [{ kind: "tcp", label: "t", host: "80.67.169.12", port: "22" }, "80.67.169.12:22", "active"],
      [{ kind: "tcp", label: "t6", host: "[2001:910:800::12]", port: 443 }, "[2001:910:800::12]:443", "pending"],
      [{ kind: "vps", label: "v", vmId: "qemu/101" }, "qemu/101", "pending"],
      [{ kind: "vpn", label: "n", client: "alice@neutrinet.be" }, "alice@neutrinet.be", "pending"],
    ] as const;
    for (const [input, address, status] of cases) {
      const { id } = await create(bob, input);
      expect(await findTargetForMember(handle.db, bob, id)).toMatchObject({ kind: input.kind, address, status });
    }
  });

  it("reports each bad field and stores nothing", async () => {
    const before = (await listTargetsForMember(handle.db, bob)).length;
    const refused = async (input: Record<string, unknown>, extra: Partial<TargetPolicy> = {}) => {
      const result = await createTarget(handle.db, bob, input, { ...policy, ...extra }, 100);
      return result.ok ? result : result.fields;
    };
    expect(await refused({ kind: "brick", label: " ", url: "ftp://x.org" })).toEqual({
      label: "label_required",
      url: "url_scheme",
    });
    expect(await refused({ kind: "brick", label: "x", url: "http://127.0.0.1:8080/" })).toEqual({
      url: "address_not_allowed",
    });
    expect(await refused({ kind: "ping", label: "x", host: "not a host" })).toEqual({ host: "host_invalid" });
    expect(await refused({ kind: "ping", label: "x", host: "" })).toEqual({ host: "host_required" });
    expect(await refused({ kind: "ping", label: "x", host: "10.0.0.1" })).toEqual({ host: "address_not_allowed" });
    for (const port of ["0", "65536", "abc", "", "2.5"]) {
      expect(await refused({ kind: "tcp", label: "x", host: "80.67.169.12", port })).toEqual({ port: "port_invalid" });
    }
    expect(await refused({ kind: "vps", label: "x", vmId: "101" })).toEqual({ vmId: "vm_id_invalid" });
    expect(await refused({ kind: "vpn", label: "x", client: 'a"b' })).toEqual({ client: "client_invalid" });
    expect(await refused({ kind: "vpn", label: "x", client: "a".repeat(65) })).toEqual({ client: "client_invalid" });
    expect(await refused({ kind: "router", label: "x" })).toEqual({ kind: "kind_invalid" });
    expect(
      await refused(
        { kind: "tcp", label: "x", host: "mon.example.org", port: "80" },
        { monitoringHosts: ["80.67.169.12"] },
      ),
    ).toEqual({
      host: "address_is_monitoring_host",
    });
    expect(await listTargetsForMember(handle.db, bob)).toHaveLength(before);
  });

  it("accepts loopback when the allow-list names it, but keeps it waiting outside the auto-approved networks", async () => {
    const local = { kind: "ping", label: "local", host: "127.0.0.1" };
    expect(
      await createTarget(handle.db, bob, local, { ...policy, allowedNetworks: ["127.0.0.1/32"] }, 100),
    ).toMatchObject({ ok: true, status: "pending" });
    expect(
      await createTarget(
        handle.db,
        bob,
        local,
        { ...policy, allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"] },
        100,
      ),
    ).toMatchObject({
      ok: true,
      status: "active",
    });
  });
});

describe("updateTarget", () => {
  it("changes the label alone without a new review, and sends a new address back for approval", async () => {
    const { id } = await create(alice, { kind: "tcp", label: "ssh", host: "80.67.169.12", port: 22 });
    expect(
      await updateTarget(handle.db, alice, id, { label: "SSH", host: "80.67.169.12", port: "22" }, policy),
    ).toMatchObject({ ok: true, status: "active" });
    const moved = await updateTarget(
      handle.db,
      alice,
      id,
      { label: "SSH", host: "80.67.169.12", port: "2222" },
      { ...policy, autoApprovedNetworks: [] },
    );
    expect(moved).toMatchObject({ ok: true, status: "pending" });
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({
      label: "SSH",
      address: "80.67.169.12:2222",
      status: "pending",
      kind: "tcp",
    });
  });

  it("keeps the kind, refuses bad input and changes nothing", async () => {
    const { id } = await create(alice, { kind: "ping", label: "p", host: "80.67.169.12" });
    expect(
      await updateTarget(handle.db, alice, id, { kind: "brick", label: "p", url: "https://x.org" }, policy),
    ).toEqual({ ok: false, reason: "host_required", fields: { host: "host_required" } });
    expect(await updateTarget(handle.db, alice, id, { label: "p", host: "192.168.1.1" }, policy)).toEqual({
      ok: false,
      reason: "address_not_allowed",
      fields: { host: "address_not_allowed" },
    });
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ kind: "ping", address: "80.67.169.12" });
  });

  it("finds nothing with another member's target id", async () => {
    const { id } = await create(alice, { kind: "ping", label: "mine", host: "80.67.169.12" });
    expect(await updateTarget(handle.db, bob, id, { label: "stolen", host: "80.67.169.12" }, policy)).toEqual({
      ok: false,
      reason: "target_not_found",
      fields: { kind: "target_not_found" },
    });
    expect(await findTargetForMember(handle.db, bob, id)).toBeUndefined();
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ label: "mine" });
  });
});

describe("setTargetPaused", () => {
  it("pauses and resumes only the caller's own target", async () => {
    const { id } = await create(alice, { kind: "ping", label: "pause me", host: "80.67.169.12" });
    expect(await setTargetPaused(handle.db, bob, id, true, policy)).toEqual({ ok: false, reason: "target_not_found" });
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ paused: false });
    expect(await setTargetPaused(handle.db, alice, id, true, policy)).toEqual({ ok: true });
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ paused: true });
    expect(await setTargetPaused(handle.db, alice, id, false, policy)).toEqual({ ok: true });
    expect(await findTargetForMember(handle.db, alice, id)).toMatchObject({ paused: false });
  });

  it("refuses to pause a request still waiting for an admin, and says so", async () => {
    const created = await create(alice, { kind: "vps", label: "waiting", vmId: "qemu/102" });
    expect(created).toMatchObject({ ok: true, status: "pending" });
    if (!created.ok) throw new Error("not created");
    expect(await setTargetPaused(handle.db, alice, created.id, true, policy)).toEqual({
      ok: false,
      reason: "target_not_approved",
    });
    expect(await setTargetPaused(handle.db, bob, created.id, true, policy)).toEqual({
      ok: false,
      reason: "target_not_found",
    });
    expect(await findTargetForMember(handle.db, alice, created.id)).toMatchObject({ paused: false });
  });
});

describe("deleteTarget", () => {
  it("deletes only the caller's own target", async () => {
    const { id } = await create(alice, { kind: "vpn", label: "vpn", client: "alice" });
    const count = (await listTargetsForMember(handle.db, alice)).length;
    expect(await deleteTarget(handle.db, bob, id)).toBe(false);
    expect(await listTargetsForMember(handle.db, alice)).toHaveLength(count);
    expect(await deleteTarget(handle.db, alice, id)).toBe(true);
    expect(await listTargetsForMember(handle.db, alice)).toHaveLength(count - 1);
  });
});
