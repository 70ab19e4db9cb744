import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications, targets } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { newId } from "@/lib/ids";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import { seedMatrixChannel } from "@/lib/relay/testing/seed";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import type { TargetPolicy } from "./admission";
import { findTargetForMember, listGuardPausedTargets } from "./data";
import { createTarget, setTargetPaused, updateTarget } from "./mutations";
import { recheckProbedTargets } from "./recheck";

// A stub resolver whose answers the test changes, as DNS records change after a target was saved.
const records = new Map<string, string[]>([
  ["moving.example.org", ["80.67.169.12"]],
  ["monitor.example.org", ["80.67.169.12"]],
  ["steady.example.org", ["80.67.169.12"]],
  ["vanishing.example.org", ["80.67.169.12"]],
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
let channel: string;
const ids = { brick: "", ping: "", tcp: "", gone: "" };

beforeAll(async () => {
  handle = await createTestDatabase();
  member = (await upsertMemberFromOidc(handle.db, { subject: "recheck", displayName: "Alice", isAdmin: false })).id;
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
  (await handle.db.select({ notice: notifications.notice, channelId: notifications.channelId }).from(notifications).where(eq(notifications.memberId, member)));

describe("recheckProbedTargets", () => {
  it("pauses the targets whose names now reach a refused address or a monitoring host, and tells the member once", async () => {
    records.set("moving.example.org", ["80.67.169.12", "10.0.0.5"]);
    records.set("monitor.example.org", ["80.67.169.40"]);
    records.delete("vanishing.example.org");

    const result = await recheckProbedTargets(handle.db, policy);
    expect(result).toEqual({ checked: 4, paused: [ids.brick, ids.ping].sort() });
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({ paused: true, guardPauseReason: "address_not_allowed" });
    expect(await findTargetForMember(handle.db, member, ids.ping)).toMatchObject({ paused: true, guardPauseReason: "address_is_monitoring_host" });
    // A name that no longer resolves is an outage the probe reports, not a reason to stop probing.
    expect(await findTargetForMember(handle.db, member, ids.gone)).toMatchObject({ paused: false, guardPauseReason: null });
    expect(await findTargetForMember(handle.db, member, ids.tcp)).toMatchObject({ paused: false });

    const probed = (await loadMonitoringSnapshot(handle.db)).members.flatMap((m) => m.targets.map((t) => t.id));
    expect(probed.sort()).toEqual([ids.tcp, ids.gone].sort());
    expect(await noticesOf()).toEqual(
      expect.arrayContaining([
        { channelId: channel, notice: { type: "target_guard_paused", targetIds: [ids.brick], reason: "address_not_allowed" } },
        { channelId: channel, notice: { type: "target_guard_paused", targetIds: [ids.ping], reason: "address_is_monitoring_host" } },
      ]),
    );
    expect(await noticesOf()).toHaveLength(2);
    expect((await listGuardPausedTargets(handle.db)).map((row) => [row.id, row.reason, row.memberName])).toEqual(
      expect.arrayContaining([[ids.brick, "address_not_allowed", "Alice"], [ids.ping, "address_is_monitoring_host", "Alice"]]),
    );

    // The next pass finds them already paused: no second message.
    expect(await recheckProbedTargets(handle.db, policy)).toEqual({ checked: 2, paused: [] });
    expect(await noticesOf()).toHaveLength(2);
  });

  it("lets the member resume only by saving the target again, which runs the guard anew", async () => {
    expect(await setTargetPaused(handle.db, member, ids.brick, false)).toBe(false);
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({ paused: true });
    const again = { label: "Brick", url: "https://moving.example.org/" };
    expect(await updateTarget(handle.db, member, ids.brick, again, policy)).toEqual({ ok: false, errors: { url: "address_not_allowed" } });

    records.set("moving.example.org", ["80.67.169.12"]);
    expect(await updateTarget(handle.db, member, ids.brick, again, policy)).toEqual({ ok: true, id: ids.brick, status: "active" });
    expect(await findTargetForMember(handle.db, member, ids.brick)).toMatchObject({ paused: false, guardPauseReason: null, status: "active" });
    expect((await listGuardPausedTargets(handle.db)).map((row) => row.id)).toEqual([ids.ping]);
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
