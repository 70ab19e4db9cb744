import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import type { AdminScope } from "@/lib/policy";
import { createTestDatabase } from "@/lib/testing/database";
import { adminScopeFor } from "@/lib/testing/scopes";
import { findTargetForMember, listPendingRequests } from "./data";
import { approveTarget, createTarget, rejectTarget, updateTarget } from "./mutations";

let handle: DbHandle;
let admin: AdminScope;
let member: string;
const policy = { allowedNetworks: [], autoApprovedNetworks: [], monitoringHosts: [] };

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = adminScopeFor((await upsertMemberFromOidc(handle.db, { subject: "admin", isAdmin: true })).id);
  member = (
    await upsertMemberFromOidc(handle.db, {
      subject: "member",
      displayName: "Alice",
      email: "alice@example.org",
      isAdmin: false,
    })
  ).id;
});
afterAll(() => handle.close());

const versionOf = async (id: string) =>
  (await listPendingRequests(handle.db, admin)).find((r) => r.id === id)?.addressVersion ?? "";

async function request(input: Record<string, unknown>): Promise<string> {
  const result = await createTarget(handle.db, member, input, policy, 100);
  if (!result.ok || result.status !== "pending") throw new Error(JSON.stringify(result));
  return result.id;
}

describe("reviewing requests", () => {
  it("lists pending requests with who asked", async () => {
    const id = await request({ kind: "vps", label: "VPS", vmId: "lxc/205" });
    expect(await listPendingRequests(handle.db, admin)).toEqual([
      expect.objectContaining({
        id,
        kind: "vps",
        address: "lxc/205",
        memberName: "Alice",
        memberEmail: "alice@example.org",
      }),
    ]);
  });

  it("approves a request: it leaves the list and becomes active", async () => {
    const id = await request({ kind: "vpn", label: "VPN", client: "alice" });
    const version = await versionOf(id);
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(await approveTarget(handle.db, admin, id, version)).toEqual({ ok: true, label: "VPN" });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({ status: "active", reviewNote: null });
    expect((await listPendingRequests(handle.db, admin)).map((r) => r.id)).not.toContain(id);
    expect(await approveTarget(handle.db, admin, id, version)).toEqual({ ok: false, reason: "request_not_pending" });
  });

  it("approves only the address the admin saw: an edit between page load and approval is refused, the new one can be approved", async () => {
    const id = await request({ kind: "vps", label: "VPS", vmId: "qemu/301" });
    const seen = (await listPendingRequests(handle.db, admin)).find((r) => r.id === id)!;
    // The member edits the request while the admin reads the page.
    expect(await updateTarget(handle.db, member, id, { label: "VPS", vmId: "qemu/302" }, policy)).toMatchObject({
      ok: true,
      status: "pending",
    });

    expect(await approveTarget(handle.db, admin, id, seen.addressVersion)).toEqual({
      ok: false,
      reason: "request_changed",
      values: { address: "qemu/302" },
    });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({ status: "pending", address: "qemu/302" });

    const reloaded = (await listPendingRequests(handle.db, admin)).find((r) => r.id === id)!;
    expect(await approveTarget(handle.db, admin, id, reloaded.addressVersion)).toEqual({ ok: true, label: "VPS" });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({ status: "active", address: "qemu/302" });
  });

  it("rejects with a reason the member sees, and requires one", async () => {
    const id = await request({ kind: "vps", label: "Other VPS", vmId: "qemu/999" });
    expect(await rejectTarget(handle.db, admin, id, "  ")).toEqual({ ok: false, reason: "reason_required" });
    expect(await rejectTarget(handle.db, admin, id, "x".repeat(501))).toEqual({ ok: false, reason: "reason_too_long" });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({ status: "pending" });
    expect(await rejectTarget(handle.db, admin, id, "Cette VM n'est pas à toi.")).toMatchObject({ ok: true });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({
      status: "rejected",
      reviewNote: "Cette VM n'est pas à toi.",
    });
  });

  // A member's or a forged id gets no admin scope: review-actions.test.ts and lib/policy.test.ts prove it.
  it("changes nothing with an unknown target id", async () => {
    const id = await request({ kind: "vps", label: "Mine", vmId: "qemu/102" });
    const version = await versionOf(id);
    expect(await approveTarget(handle.db, admin, "t_unknown", version)).toEqual({
      ok: false,
      reason: "request_not_pending",
    });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({ status: "pending" });
  });
});
