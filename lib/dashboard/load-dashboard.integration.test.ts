import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { members, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { formatSample, importSamples } from "@/lib/testing/victoria-metrics-samples";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { loadDashboard } from "./load-dashboard";
import { loadResponseHistory } from "./response-history";
import { createMetricsClient } from "./victoria-metrics";

// The dashboard's queries against a real VictoriaMetrics fed through /api/v1/import/prometheus.
const minute = 60_000;
let vm: VictoriaMetricsServer;
let handle: DbHandle;
let workDir: string;
const now = new Date();
const alice = newId("m");
const bob = newId("m");
// Carol's targets are probed faster than Alice's: the timeline's step is the member's own probe interval.
const carol = newId("m");
const [flaky, steady, waiting, split, fresh, silent, bobs] = Array.from({ length: 7 }, () => newId("t")) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const brick = (member: string, target: string) => ({ member, target, kind: "brick", module: "http_2xx" });

/** Samples every 30 minutes for 30 days, the newest one minute old; `down(i)` marks the i-th newest as failed. */
function successSeries(member: string, target: string, down: (i: number) => boolean): string[] {
  return Array.from({ length: 1440 }, (_, i) =>
    formatSample({
      metric: "probe_success",
      labels: brick(member, target),
      value: down(i) ? 0 : 1,
      at: new Date(now.getTime() - minute - i * 30 * minute),
    }),
  );
}

/**
 * A brick probed every 10 minutes for 30 days, one in ten probes failed; its VPN server was declared an hour ago,
 * so its six newest samples carry `depends_on` (a second series), all up.
 */
const splitSamples = Array.from({ length: 4320 }, (_, i) => ({
  at: new Date(now.getTime() - 2 * minute - i * 10 * minute),
  relabelled: i < 6,
  up: i < 6 || i % 10 !== 0,
}));

/** A target added three minutes ago, probed every 15 s; its fifth newest probe failed. */
const freshSamples = Array.from({ length: 12 }, (_, i) => ({
  at: new Date(now.getTime() - 5_000 - i * 15_000),
  up: i !== 4,
}));

function expectedUptime(hours: number): number {
  const inWindow = splitSamples.filter((sample) => sample.at.getTime() > now.getTime() - hours * 3_600_000);
  return inWindow.filter((sample) => sample.up).length / inWindow.length;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-dashboard-vm-"));
  [vm, handle] = await Promise.all([startVictoriaMetrics(workDir), createTestDatabase()]);
  await handle.db.insert(members).values([
    { id: alice, oidcSubject: `sub-${alice}` },
    { id: bob, oidcSubject: `sub-${bob}` },
    { id: carol, oidcSubject: `sub-${carol}` },
  ]);
  const address = { kind: "brick" as const, address: "https://brick.example.org/" };
  await handle.db.insert(targets).values([
    { id: flaky, memberId: alice, label: "A flaky", ...address },
    { id: steady, memberId: alice, label: "B steady", ...address },
    { id: waiting, memberId: alice, label: "C waiting", status: "pending", ...address },
    { id: split, memberId: carol, label: "D split", ...address },
    { id: fresh, memberId: carol, label: "E fresh", ...address },
    { id: silent, memberId: carol, label: "F silent", ...address },
    { id: bobs, memberId: bob, label: "Bob's", ...address },
  ]);
  await importSamples(vm.url, [
    ...successSeries(alice, flaky, (i) => i < 12),
    ...successSeries(alice, steady, () => false),
    ...successSeries(bob, bobs, () => false),
    // Someone else's series naming Alice's target, and Alice's label on a target she does not own.
    ...successSeries(bob, flaky, () => false),
    ...successSeries(alice, bobs, () => true),
    ...successSeries(alice, "t_forged", () => true),
    ...Array.from({ length: 48 }, (_, i) =>
      formatSample({
        metric: "probe_duration_seconds",
        labels: brick(alice, steady),
        value: 0.25,
        at: new Date(now.getTime() - minute - i * 30 * minute),
      }),
    ),
    formatSample({
      metric: "probe_ssl_earliest_cert_expiry",
      labels: brick(alice, steady),
      value: Math.round(now.getTime() / 1000 + 10.5 * 86_400),
      at: new Date(now.getTime() - minute),
    }),
    ...splitSamples.map((sample) =>
      formatSample({
        metric: "probe_success",
        labels: sample.relabelled ? { ...brick(carol, split), depends_on: "c_vpn1" } : brick(carol, split),
        value: sample.up ? 1 : 0,
        at: sample.at,
      }),
    ),
    ...freshSamples.flatMap((sample) => [
      formatSample({ metric: "probe_success", labels: brick(carol, fresh), value: sample.up ? 1 : 0, at: sample.at }),
      formatSample({ metric: "probe_duration_seconds", labels: brick(carol, fresh), value: 0.0005, at: sample.at }),
    ]),
  ]);
}, 60_000);

afterAll(async () => {
  await vm?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("loadDashboard against VictoriaMetrics", () => {
  it("computes state, since, uptimes, response time and certificate days of the member's own targets only", async () => {
    const metrics = createMetricsClient({ url: vm.url });
    const dashboard = await loadDashboard(handle.db, alice, { metrics, now });
    expect(dashboard.metrics).toBe("available");
    expect(dashboard.targets.map((target) => target.id)).toEqual([flaky, steady, waiting]);
    const [a, b, c] = dashboard.targets;

    expect(a).toMatchObject({ state: "down", responseMs: null, certDaysLeft: null });
    expect(a!.uptime["24h"]).toBeCloseTo(1 - 12 / 48, 6);
    expect(a!.uptime["7d"]).toBeCloseTo(1 - 12 / 336, 6);
    expect(a!.uptime["30d"]).toBeCloseTo(1 - 12 / 1440, 6);
    // Down since the step holding its oldest failed probe (the 12th newest), after its last good one.
    const oldestDown = now.getTime() - minute - 11 * 30 * minute;
    expect(a!.since!.getTime()).toBeLessThanOrEqual(oldestDown);
    expect(a!.since!.getTime()).toBeGreaterThan(oldestDown - 30 * minute);
    expect(a!.recent.at(-1)?.state).toBe("down");

    expect(b).toMatchObject({
      state: "up",
      since: null,
      unknownReason: null,
      uptime: { "24h": 1, "7d": 1, "30d": 1 },
      responseMs: 250,
      certDaysLeft: 10,
    });
    expect(b!.recent.map((run) => run.state)).toEqual(["up"]);
    expect(b!.days.slice(-30).every((day) => day.share === 1)).toBe(true);
    expect(b!.days.slice(0, 59).every((day) => day.share === null)).toBe(true);

    expect(c).toMatchObject({ state: "pending", since: null, uptime: { "24h": null, "7d": null, "30d": null } });
    expect(c!.recent.map((run) => run.state)).toEqual(["none"]);
  });

  it("counts every sample of a target whose series gained a label, not the average of its two series", async () => {
    const dashboard = await loadDashboard(handle.db, carol, { metrics: createMetricsClient({ url: vm.url }), now });
    const shown = dashboard.targets.find((target) => target.id === split)!;
    expect(shown.uptime["24h"]).toBeCloseTo(expectedUptime(24), 6);
    expect(shown.uptime["7d"]).toBeCloseTo(expectedUptime(7 * 24), 6);
    expect(shown.uptime["30d"]).toBeCloseTo(expectedUptime(30 * 24), 6);
    // The per-series average the page used to show (≈ 0.95) is far off the real 0.9.
    expect(shown.uptime["30d"]).toBeLessThan(0.91);
    // The label change leaves no gap in the timeline; its failed probes are there, one step each.
    expect(shown.recent.filter((run) => run.state === "none")).toEqual([]);
    const failed = shown.recent.filter((run) => run.state === "down");
    expect(failed.length).toBeGreaterThanOrEqual(13);
    for (const run of failed) expect(run.end - run.start).toBe(600);
    expect(shown.days.at(-1)!.share).toBeGreaterThan(0.85);
    expect(shown.days.at(-1)!.share).toBeLessThan(1);
  });

  it("says why a state is unknown, and charts a new target per probe with its failed probe visible", async () => {
    const metrics = createMetricsClient({ url: vm.url });
    const dashboard = await loadDashboard(handle.db, carol, { metrics, now });
    expect(dashboard.targets.find((target) => target.id === silent)).toMatchObject({
      state: "unknown",
      unknownReason: "no_probe_yet",
    });
    expect(dashboard.targets.find((target) => target.id === fresh)).toMatchObject({ state: "up", responseMs: 1 });

    const history = await loadResponseHistory(handle.db, carol, fresh, "24h", { metrics, now });
    expect(history!.step).toBe(15);
    expect(history!.points.length).toBeGreaterThanOrEqual(10);
    expect(history!.points.filter((point) => point.down)).toHaveLength(1);
    expect(history!.points.find((point) => !point.down)?.ms).toBe(0.5);

    const month = await loadResponseHistory(handle.db, alice, steady, "30d", { metrics, now });
    // Its durations span one day, probed every 30 minutes: one point per probe, not per 2.4 hours.
    expect(month!.step).toBe(1_800);
    expect(month!.points.length).toBeGreaterThanOrEqual(47);
    expect(month!.points.length).toBeLessThanOrEqual(300);
    expect(new Set(month!.points.map((point) => point.ms))).toEqual(new Set([250]));

    expect(await loadResponseHistory(handle.db, alice, bobs, "24h", { metrics, now })).toBeNull();
  });

  it("shows Bob his own target and nothing of Alice's", async () => {
    const dashboard = await loadDashboard(handle.db, bob, { metrics: createMetricsClient({ url: vm.url }), now });
    expect(dashboard.targets).toMatchObject([{ id: bobs, state: "up", uptime: { "30d": 1 } }]);
  });

  it("falls back to database states when VictoriaMetrics does not answer", async () => {
    const metrics = createMetricsClient({ url: "http://127.0.0.1:9", timeoutMs: 500 });
    const dashboard = await loadDashboard(handle.db, alice, { metrics, now });
    expect(dashboard.metrics).toBe("unavailable");
    expect(dashboard.targets.map((target) => target.state)).toEqual(["unknown", "unknown", "pending"]);
    expect(dashboard.targets[0]!.unknownReason).toBe("metrics_unavailable");
  });
});
