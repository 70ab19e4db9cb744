import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import type { AdminScope } from "@/lib/policy";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel } from "@/lib/testing/relay/seed";
import { adminScopeFor } from "@/lib/testing/scopes";
import type { TargetPolicy } from "./admission";
import { findTargetForMember, listGuardPausedTargets, listPendingRequests } from "./data";
import { approveTarget, createTarget, setTargetPaused, updateTarget } from "./mutations";
import { recheckProbedTargets } from "./recheck";

// A stub resolver whose answers the test changes, as DNS records change after a target was saved.
const records = new Map<string, string[]>([
  ["moving.example.org", ["80.67.169.12"]],
  ["monitor.example.org", ["80.67.169.12"]],
  ["steady.example.org", ["80.67.169.12"]],
  ["vanishing.example.org", ["80.67.169.12"]],
  ["sleeper.example.org", ["80.67.169.12"]],
  ["waking.example.org", ["80.67.169.12"]],
  ["roaming.example.org", ["80.67.169.12"]],
  ["vetted.example.org", ["80.67.170.80", "80.67.169.12"]],
]);
const policy: TargetPolicy = {
  allowedNetworks: [],
  autoApprovedNetworks: ["80.67.169.0/24"],
  monitoringHosts: ["80.67.169.40"],
  resolve: async (host) => {
    const answer = records.get(host);
    if (!answer) throw new Error("ENOTFOUND");
    return answer;
  },
};
let handle: DbHandle;
let member: string;
let admin: AdminScope;
let channel: string;
const ids = { brick: "", ping: "", tcp: "", gone: "" };

beforeAll(async () => {
  handle = await createTestDatabase();
  member = (await upsertMemberFromOidc(handle.db, { subject: "recheck", displayName: "Alice", isAdmin: false })).id;
  admin = adminScopeFor((await upsertMemberFromOidc(handle.db, { subject: "recheck-admin", isAdmin: true })).id);
  channel = await seedMatrixChannel(handle.db, member);
  const add = async (input: Record<string, unknown>) => {
    const result = await createTarget(handle.db, member, input, policy, 100);
    if (!result.ok || result.status !== "active") throw new Error(JSON.stringify(result));
    return result.id;
  };
  ids.brick = await add({ kind: "brick", label: "Brick", url: "https://moving.example.org/" });
  ids.ping = await add({ kind: "ping", label: "Ping", host: "monitor.example.org" });
  ids.tcp = await add({ kind: "tcp", label: "Port", host: "steady.example.org", port: 443 });
  ids.gone = await add({ kind: "ping", label: "Gone", host: "vanishing.example.org" });
});
afterAll(() => handle.close());

const noticesOf = async () =>
  await handle.db
    .select({ notice: notifications.notice, channelId: notifications.channelId })
    .from(notifications)
    .where(eq(notifications.memberId, member));

describe("recheckProbedTargets", () => {
  it("pauses the targets whose names now reach a refused address or a monitoring host, and tells the member once", async () => {
    records.set("moving.example.org", ["80.67.169.12", "10.0.0.5"]);
    records.set("monitor.example.org", ["80.67.169.40"]);
    records.delete("vanishing.example.org");

    const result = await recheckProbedTargets(handle.db, policy);
    expect(result).toEqual({ checked: 4, paused: [ids.brick, ids.ping].sort(), sentToReview: [] });
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({
      paused: true,
      guardPauseReason: "address_not_allowed",
    });
    expect(await findTargetForMember(handle.db, member, ids.ping)).toMatchObject({
      paused: true,
      guardPauseReason: "address_is_monitoring_host",
    });
    // A name that no longer resolves is an outage the probe reports, not a reason to stop probing.
    expect(await findTargetForMember(handle.db, member, ids.gone)).toMatchObject({
      paused: false,
      guardPauseReason: null,
    });
    expect(await findTargetForMember(handle.db, member, ids.tcp)).toMatchObject({ paused: false });

    const probed = (await loadMonitoringSnapshot(handle.db)).members.flatMap((m) => m.targets.map((t) => t.id));
    expect(probed.sort()).toEqual([ids.tcp, ids.gone].sort());
    expect(await noticesOf()).toEqual(
      expect.arrayContaining([
        {
          channelId: channel,
          notice: { type: "target_guard_paused", targetIds: [ids.brick], reason: "address_not_allowed" },
        },
        {
          channelId: channel,
          notice: { type: "target_guard_paused", targetIds: [ids.ping], reason: "address_is_monitoring_host" },
        },
      ]),
    );
    expect(await noticesOf()).toHaveLength(2);
    expect((await listGuardPausedTargets(handle.db, admin)).map((row) => [row.id, row.reason, row.memberName])).toEqual(
      expect.arrayContaining([
        [ids.brick, "address_not_allowed", "Alice"],
        [ids.ping, "address_is_monitoring_host", "Alice"],
      ]),
    );

    // The next pass finds them already paused: no second message.
    expect(await recheckProbedTargets(handle.db, policy)).toEqual({ checked: 2, paused: [], sentToReview: [] });
    expect(await noticesOf()).toHaveLength(2);
  });

  it("lets the member resume only by saving the target again, which runs the guard anew", async () => {
    expect(await setTargetPaused(handle.db, member, ids.brick, false, policy)).toEqual({
      ok: false,
      reason: "target_not_found",
    });
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({ paused: true });
    const again = { label: "Brick", url: "https://moving.example.org/" };
    expect(await updateTarget(handle.db, member, ids.brick, again, policy)).toEqual({
      ok: false,
      reason: "address_not_allowed",
      fields: { url: "address_not_allowed" },
    });

    records.set("moving.example.org", ["80.67.169.12"]);
    expect(await updateTarget(handle.db, member, ids.brick, again, policy)).toEqual({
      ok: true,
      id: ids.brick,
      status: "active",
    });
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({
      paused: false,
      guardPauseReason: null,
      status: "active",
    });
    expect((await listGuardPausedTargets(handle.db, admin)).map((row) => row.id)).toEqual([ids.ping]);
  });

  it("reads IP literals from stored addresses too, brackets and ports included", async () => {
    const literal = async (kind: "tcp" | "brick", address: string) => {
      const id = newId("t");
      // Stored as an older version of the guard, or an admin's exception since withdrawn, would have left them.
      await handle.db.insert(targets).values({ id, memberId: member, kind, label: kind, address });
      return id;
    };
    const tcp = await literal("tcp", "[fd00::1]:22");
    const brick = await literal("brick", "http://[fd00::2]:8080/");
    expect((await recheckProbedTargets(handle.db, policy)).paused).toEqual([tcp, brick].sort());
  });
});

const probedIds = async () =>
  (await loadMonitoringSnapshot(handle.db)).members.flatMap((m) => m.targets.map((t) => t.id));
async function addActive(input: Record<string, unknown>): Promise<string> {
  const result = await createTarget(handle.db, member, input, policy, 100);
  if (!result.ok || result.status !== "active") throw new Error(JSON.stringify(result));
  return result.id;
}

describe("targets their member paused", () => {
  it("are re-checked too: a name moved while paused is paused for safety, and resuming it is refused", async () => {
    const id = await addActive({ kind: "ping", label: "Sleeper", host: "sleeper.example.org" });
    expect(await setTargetPaused(handle.db, member, id, true, policy)).toEqual({ ok: true });
    records.set("sleeper.example.org", ["127.0.0.1"]);

    expect((await recheckProbedTargets(handle.db, policy)).paused).toContain(id);
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({
      paused: true,
      guardPauseReason: "address_not_allowed",
    });
    expect(await setTargetPaused(handle.db, member, id, false, policy)).toEqual({
      ok: false,
      reason: "target_not_found",
    });
    expect(await probedIds()).not.toContain(id);
  });

  it("resume only after the guard passes; a name that now reaches a refused address is paused for safety instead", async () => {
    const id = await addActive({ kind: "brick", label: "Waking", url: "https://waking.example.org/" });
    expect(await setTargetPaused(handle.db, member, id, true, policy)).toEqual({ ok: true });
    // Moved after the day's re-check: only the resume itself can see it.
    records.set("waking.example.org", ["80.67.169.40"]);

    expect(await setTargetPaused(handle.db, member, id, false, policy)).toEqual({
      ok: false,
      reason: "address_is_monitoring_host",
    });
    expect(await findTargetForMember(handle.db, member, id)).toMatchObject({
      paused: true,
      guardPauseReason: "address_is_monitoring_host",
    });
    expect(await probedIds()).not.toContain(id);
    expect(await noticesOf()).toContainEqual({
      channelId: channel,
      notice: { type: "target_guard_paused", targetIds: [id], reason: "address_is_monitoring_host" },
    });

    const clean = await addActive({ kind: "ping", label: "Clean", host: "steady.example.org" });
    expect(await setTargetPaused(handle.db, member, clean, true, policy)).toEqual({ ok: true });
    expect(await setTargetPaused(handle.db, member, clean, false, policy)).toEqual({ ok: true });
    expect(await probedIds()).toContain(clean);
  });
});

describe("auto-approved targets whose name leaves the auto-approved networks", () => {
  it("go back to the admins' requests and their member is told; those an admin approved stay", async () => {
    const roaming = await addActive({ kind: "tcp", label: "Roaming", host: "roaming.example.org", port: 22 });
    const requested = await createTarget(
      handle.db,
      member,
      { kind: "ping", label: "Vetted", host: "vetted.example.org" },
      policy,
      100,
    );
    if (!requested.ok || requested.status !== "pending") throw new Error(JSON.stringify(requested));
    const version = (await listPendingRequests(handle.db, admin)).find((r) => r.id === requested.id)!.addressVersion;
    expect(await approveTarget(handle.db, admin, requested.id, version)).toMatchObject({ ok: true });

    records.set("roaming.example.org", ["80.67.169.12", "80.67.170.7"]);
    records.set("vetted.example.org", ["80.67.170.81"]);
    const result = await recheckProbedTargets(handle.db, policy);
    expect(result.sentToReview).toEqual([roaming]);
    expect(result.paused).toEqual([]);

    expect(await findTargetForMember(handle.db, member, roaming)).toMatchObject({ status: "pending", paused: false });
    expect(await findTargetForMember(handle.db, member, requested.id)).toMatchObject({ status: "active" });
    expect((await listPendingRequests(handle.db, admin)).map((r) => r.id)).toContain(roaming);
    expect(await probedIds()).not.toContain(roaming);
    expect(await noticesOf()).toContainEqual({
      channelId: channel,
      notice: { type: "target_sent_to_review", targetIds: [roaming] },
    });

    // Once an admin approves it, the next pass leaves it alone.
    const seen = (await listPendingRequests(handle.db, admin)).find((r) => r.id === roaming)!.addressVersion;
    expect(await approveTarget(handle.db, admin, roaming, seen)).toMatchObject({ ok: true });
    expect((await recheckProbedTargets(handle.db, policy)).sentToReview).toEqual([]);
    expect(await findTargetForMember(handle.db, member, roaming)).toMatchObject({ status: "active" });
  });
});
