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
import { createMetricsClient } from "./victoria-metrics";

// The dashboard's queries against a real VictoriaMetrics fed through /api/v1/import/prometheus.
const minute = 60_000;
let vm: VictoriaMetricsServer;
let handle: DbHandle;
let workDir: string;
const now = new Date();
const alice = newId("m");
const bob = newId("m");
const [flaky, steady, waiting, bobs] = [newId("t"), newId("t"), newId("t"), newId("t")];

/** Samples every 30 minutes for 30 days, the newest one minute old; `down(i)` marks the i-th newest as failed. */
function successSeries(member: string, target: string, down: (i: number) => boolean): string[] {
  return Array.from({ length: 1440 }, (_, i) =>
    formatSample({
      metric: "probe_success",
      labels: { member, target, kind: "brick", module: "http_2xx" },
      value: down(i) ? 0 : 1,
      at: new Date(now.getTime() - minute - i * 30 * minute),
    }),
  );
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-dashboard-vm-"));
  [vm, handle] = await Promise.all([startVictoriaMetrics(workDir), createTestDatabase()]);
  await handle.db.insert(members).values([
    { id: alice, oidcSubject: `sub-${alice}` },
    { id: bob, oidcSubject: `sub-${bob}` },
  ]);
  const brick = { kind: "brick" as const, address: "https://brick.example.org/" };
  await handle.db.insert(targets).values([
    { id: flaky, memberId: alice, label: "A flaky", ...brick },
    { id: steady, memberId: alice, label: "B steady", ...brick },
    { id: waiting, memberId: alice, label: "C waiting", status: "pending", ...brick },
    { id: bobs, memberId: bob, label: "Bob's", ...brick },
  ]);
  const steadyLabels = { member: alice, target: steady, kind: "brick", module: "http_2xx" };
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
        labels: steadyLabels,
        value: 0.25,
        at: new Date(now.getTime() - minute - i * 30 * minute),
      }),
    ),
    formatSample({
      metric: "probe_ssl_earliest_cert_expiry",
      labels: steadyLabels,
      value: Math.round(now.getTime() / 1000 + 10.5 * 86_400),
      at: new Date(now.getTime() - minute),
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await vm?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("loadDashboard against VictoriaMetrics", () => {
  it("computes state, uptimes, response time and certificate days of the member's own targets only", async () => {
    const metrics = createMetricsClient({ url: vm.url });
    const dashboard = await loadDashboard(handle.db, alice, { metrics, now, historyStepSeconds: 3_600 });
    expect(dashboard.metrics).toBe("available");
    expect(dashboard.targets.map((target) => target.id)).toEqual([flaky, steady, waiting]);
    const [a, b, c] = dashboard.targets;

    expect(a).toMatchObject({ state: "down", responseMs: null, certDaysLeft: null });
    expect(a!.uptime["24h"]).toBeCloseTo(1 - 12 / 48, 6);
    expect(a!.uptime["7d"]).toBeCloseTo(1 - 12 / 336, 6);
    expect(a!.uptime["30d"]).toBeCloseTo(1 - 12 / 1440, 6);

    expect(b).toMatchObject({
      state: "up",
      uptime: { "24h": 1, "7d": 1, "30d": 1 },
      responseMs: 250,
      certDaysLeft: 10,
    });
    expect(b!.history.length).toBeGreaterThanOrEqual(23);
    expect(new Set(b!.history.map((point) => point.value))).toEqual(new Set([250]));

    expect(c).toMatchObject({ state: "pending", uptime: { "24h": null, "7d": null, "30d": null }, history: [] });
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
  });
});
