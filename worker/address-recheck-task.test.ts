import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import type { TargetPolicy } from "@/lib/targets/admission";
import { findTargetForMember } from "@/lib/targets/data";
import { createTarget } from "@/lib/targets/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { waitFor } from "@/lib/testing/wait-for";
import { addressRecheckTask } from "./address-recheck-task";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("addressRecheckTask", () => {
  it("re-checks at start, pauses a target whose name moved to a private address, then asks for a monitoring sync", async () => {
    let answer = ["80.67.169.12"];
    const policy: TargetPolicy = {
      allowedNetworks: [],
      autoApprovedNetworks: ["80.67.169.0/24"],
      monitoringHosts: [],
      resolve: async () => answer,
    };
    const member = (await upsertMemberFromOidc(handle.db, { subject: "task", isAdmin: false })).id;
    const created = await createTarget(
      handle.db,
      member,
      { kind: "ping", label: "Host", host: "host.example.org" },
      policy,
      100,
    );
    if (!created.ok) throw new Error("seed failed");
    answer = ["192.168.1.1"];

    let syncs = 0;
    const running = await addressRecheckTask({
      db: handle.db,
      policy: () => policy,
      sync: () => void syncs++,
      intervalMs: 3_600_000,
    }).start();
    try {
      await waitFor("the sync request", () => (syncs > 0 ? true : undefined), 5_000);
      expect(await findTargetForMember(handle.db, member, created.id)).toMatchObject({
        paused: true,
        guardPauseReason: "address_not_allowed",
      });
    } finally {
      await running.stop();
    }
    expect(syncs).toBe(1);
  });
});
