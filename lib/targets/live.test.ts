import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricsClient } from "@/lib/dashboard/victoria-metrics";
import type { DbHandle } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { listTargetsWithProbeState } from "./live";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

async function addTarget(memberId: string, values: Partial<typeof targets.$inferInsert>) {
  const id = newId("t");
  await handle.db
    .insert(targets)
    .values({ id, memberId, kind: "ping", label: id, address: "brick.example.org", ...values });
  return id;
}

/** probe_success per target as VictoriaMetrics would answer the "up" query; every other measure empty. */
function probes(success: Record<string, number>): MetricsClient {
  return {
    queryInstant: async (query) =>
      query.includes("probe_success") && query.includes("last_over_time")
        ? Object.entries(success).map(([target, value]) => ({ labels: { target }, value }))
        : [],
    queryRange: async () => [],
  };
}

describe("listTargetsWithProbeState", () => {
  it("gives running targets the probe's up/down and leaves requests and paused targets to the database", async () => {
    const { memberId, targetId: up } = await seedMember(handle.db);
    const down = await addTarget(memberId, {});
    const silent = await addTarget(memberId, {});
    const paused = await addTarget(memberId, { paused: true });
    const pending = await addTarget(memberId, { status: "pending" });
    const rejected = await addTarget(memberId, { status: "rejected", reviewNote: "Pas à vous" });
    const metrics = probes({ [up]: 1, [down]: 0, [paused]: 1, [pending]: 1 });
    const listed = await listTargetsWithProbeState(handle.db, memberId, {
      metrics,
      metricsByKind: async () => new Map(),
    });
    expect(Object.fromEntries(listed.map((target) => [target.id, [target.status, target.probe]]))).toEqual({
      [up]: ["active", "up"],
      [down]: ["active", "down"],
      [silent]: ["active", "unknown"],
      [paused]: ["active", null],
      [pending]: ["pending", null],
      [rejected]: ["rejected", null],
    });
  });

  it("lists only the caller's targets, whatever the metrics answer", async () => {
    const alice = await seedMember(handle.db);
    const bob = await seedMember(handle.db);
    const metrics = probes({ [alice.targetId]: 0, [bob.targetId]: 1 });
    const listed = await listTargetsWithProbeState(handle.db, bob.memberId, {
      metrics,
      metricsByKind: async () => new Map(),
    });
    expect(listed.map((target) => [target.id, target.probe])).toEqual([[bob.targetId, "up"]]);
  });

  it("says unknown, not an error, when no metrics are configured", async () => {
    const { memberId, targetId } = await seedMember(handle.db);
    const listed = await listTargetsWithProbeState(handle.db, memberId, {
      metrics: undefined,
      metricsByKind: async () => new Map(),
    });
    expect(listed).toMatchObject([{ id: targetId, probe: "unknown" }]);
  });
});
