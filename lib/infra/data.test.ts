import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { recordInfraGroup } from "@/lib/relay/infra/incidents";
import { createTestDatabase } from "@/lib/testing/database";
import { infraGroupPayload, seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMember } from "@/lib/testing/relay/seed";
import { listOpenIncidentsForMember } from "./data";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("listOpenIncidentsForMember", () => {
  it("shows an open incident to the members whose targets depend on the component, until it ends", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const alice = await seedMember(handle.db);
    await seedTarget(handle.db, alice.memberId, { kind: "vps", dependsOn: pve });
    const bob = await seedMember(handle.db);
    await seedTarget(handle.db, bob.memberId, { kind: "vps", dependsOn: pve, paused: true });
    await recordInfraGroup(handle.db, infraGroupPayload(pve));
    expect(await listOpenIncidentsForMember(handle.db, alice.memberId)).toEqual([
      expect.objectContaining({
        componentName: "pve1",
        componentKind: "hypervisor",
        startedAt: new Date("2026-11-26T23:49:48.970Z"),
      }),
    ]);
    expect(await listOpenIncidentsForMember(handle.db, bob.memberId)).toEqual([]);
    await recordInfraGroup(handle.db, infraGroupPayload(pve, { status: "resolved" }));
    expect(await listOpenIncidentsForMember(handle.db, alice.memberId)).toEqual([]);
  });
});
