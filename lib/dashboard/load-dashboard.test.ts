import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { type NotificationAlert, notifications, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { loadDashboard } from "./load-dashboard";
import { type InstantSeries, type MetricsClient, MetricsUnavailableError } from "./victoria-metrics";

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };

function alert(targetId: string, overrides: Partial<NotificationAlert> = {}): NotificationAlert {
  return {
    alertname: "BlackboxProbeFailed",
    status: "firing",
    severity: "critical",
    targetId,
    instance: null,
    summary: null,
    startsAt: "2026-11-26T10:00:00Z",
    ...overrides,
  };
}

async function storeNotification(
  memberId: string,
  channelId: string,
  alerts: NotificationAlert[],
  createdAt = new Date(),
) {
  await handle.db.insert(notifications).values({
    id: newId("n"),
    dedupeKey: newId("n"),
    memberId,
    channelId,
    groupKey: "g",
    alertStatus: "firing",
    alerts,
    createdAt,
  });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedMember(handle.db, { targetLabel: "Alice's brick" });
  bob = await seedMember(handle.db, { targetLabel: "Bob's brick" });
  await handle.db.insert(targets).values({
    id: newId("t"),
    memberId: alice.memberId,
    kind: "ping",
    label: "Paused host",
    address: "brick.example.org",
    paused: true,
  });
  const [first, second] = [
    await seedMatrixChannel(handle.db, alice.memberId),
    await seedMatrixChannel(handle.db, alice.memberId),
  ];
  const bobChannel = await seedMatrixChannel(handle.db, bob.memberId);
  // One group stored for two channels; a forged target id; Bob's alert on his own target; an old one.
  await storeNotification(alice.memberId, first, [alert(alice.targetId), alert("t_forged"), alert(bob.targetId)]);
  await storeNotification(alice.memberId, second, [alert(alice.targetId)]);
  await storeNotification(
    alice.memberId,
    first,
    [alert(alice.targetId, { startsAt: "2026-10-01T00:00:00Z" })],
    new Date(Date.now() - 30 * 86_400_000),
  );
  await storeNotification(bob.memberId, bobChannel, [alert(bob.targetId, { alertname: "BobOnly" })]);
});
afterAll(() => handle.close());

describe("loadDashboard without metrics", () => {
  it("shows database states and the recent alerts of the member's own targets, once each", async () => {
    const dashboard = await loadDashboard(handle.db, alice.memberId);
    expect(dashboard.metrics).toBe("not_configured");
    expect(dashboard.targets.map((target) => [target.label, target.state])).toEqual([
      ["Alice's brick", "unknown"],
      ["Paused host", "paused"],
    ]);
    // One group stored for two channels is one incident; the month-old one is outside the week.
    expect(dashboard.targets[0]?.incidents).toMatchObject([{ alertname: "BlackboxProbeFailed", end: null }]);
    expect(dashboard.targets[1]?.incidents).toEqual([]);
    expect(dashboard.targets[0]).toMatchObject({ unknownReason: "metrics_unavailable", since: null, recent: [] });
    expect(dashboard.targets[0]?.days).toHaveLength(90);
  });

  it("gives Bob nothing of Alice's", async () => {
    const dashboard = await loadDashboard(handle.db, bob.memberId);
    expect(dashboard.targets).toMatchObject([{ id: bob.targetId, incidents: [{ alertname: "BobOnly" }] }]);
  });
});

describe("loadDashboard with metrics", () => {
  it("asks one query per measure, each for the caller's member label, whatever the number of targets", async () => {
    const queries: string[] = [];
    const metrics: MetricsClient = {
      queryInstant: async (query) => {
        queries.push(query);
        // Probe counts come as successes and total per target; the other measures as one value per target.
        const parts = query.includes("label_set") ? ["up", "all"] : [undefined];
        return [bob.targetId, alice.targetId].flatMap((target) =>
          parts.map((part): InstantSeries => ({ labels: part ? { target, part } : { target }, value: 1 })),
        );
      },
      queryRange: async (query) => {
        queries.push(query);
        return [];
      },
    };
    const dashboard = await loadDashboard(handle.db, alice.memberId, { metrics });
    // Nine instant queries (state, response, certificate, HTTP status, first probe, probe interval, the oldest day's
    // part of each uptime window), the day's timeline and the daily counts.
    expect(queries).toHaveLength(11);
    for (const query of queries) expect(query).toContain(`{member="${alice.memberId}"}`);
    expect(dashboard.targets.map((target) => target.id)).not.toContain(bob.targetId);
    expect(dashboard.targets[0]).toMatchObject({ state: "up", uptime: { "24h": 1 } });
  });

  it("says which redirect a down brick answered with, and nothing when it is up", async () => {
    const answer = (success: number, status: number): MetricsClient => ({
      queryInstant: async (query) => {
        if (query.includes("probe_http_status_code")) return [{ labels: { target: alice.targetId }, value: status }];
        return query.includes("probe_success") ? [{ labels: { target: alice.targetId }, value: success }] : [];
      },
      queryRange: async () => [],
    });
    const down = await loadDashboard(handle.db, alice.memberId, { metrics: answer(0, 302) });
    expect(down.targets[0]).toMatchObject({ state: "down", redirectStatus: 302 });
    expect((await loadDashboard(handle.db, alice.memberId, { metrics: answer(1, 200) })).targets[0]).toMatchObject({
      state: "up",
      redirectStatus: null,
    });
    expect((await loadDashboard(handle.db, alice.memberId, { metrics: answer(0, 500) })).targets[0]).toMatchObject({
      state: "down",
      redirectStatus: null,
    });
  });

  it("reads each target from its kind's tier only, and keeps one tier's figures when another is down", async () => {
    const asked = { tier: [] as string[], fallback: [] as string[] };
    const answering = (name: keyof typeof asked, up: number): MetricsClient => ({
      queryInstant: async (query) => {
        asked[name].push(query);
        // Both instances answer for every target: only the brick's tier may be believed for the brick.
        return query.includes("probe_success") ? [{ labels: { target: alice.targetId }, value: up }] : [];
      },
      queryRange: async () => [],
    });
    const tier = answering("tier", 1);
    const dashboard = await loadDashboard(handle.db, alice.memberId, {
      metrics: answering("fallback", 0),
      metricsByKind: new Map([["brick", tier]]),
    });
    expect(dashboard.metrics).toBe("available");
    expect(dashboard.targets[0]).toMatchObject({ id: alice.targetId, state: "up" });
    // The paused ping has no tier: the default instance is asked for it, the tier is asked for the brick.
    expect(asked.tier).toHaveLength(9);
    expect(asked.fallback).toHaveLength(9);

    const down: MetricsClient = {
      queryInstant: async () => {
        throw new MetricsUnavailableError("metrics: HTTP 502 on /api/v1/query");
      },
      queryRange: async () => [],
    };
    const partial = await loadDashboard(handle.db, alice.memberId, {
      metrics: down,
      metricsByKind: new Map([["brick", tier]]),
    });
    expect(partial.metrics).toBe("unavailable");
    expect(partial.targets[0]).toMatchObject({ id: alice.targetId, state: "up" });
  });
});
