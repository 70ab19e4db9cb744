/**
 * Dashboard data loading for one member with many targets: seeds PGlite and a throwaway VictoriaMetrics, then
 * times loadDashboard. Usage: npx tsx --tsconfig tsconfig.node.json scripts/bench/dashboard.ts [--targets 300] [--runs 15] [--sample-minutes 10]
 * (production probes every minute; a smaller --sample-minutes is closer to it and slower to seed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { createMetricsClient } from "@/lib/dashboard/victoria-metrics";
import { openDatabase } from "@/lib/db/client";
import { channels, members, notifications, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { formatSample, importSamples } from "@/lib/testing/victoria-metrics-samples";
import { startVictoriaMetrics } from "@/scripts/stack/standalone-victoria-metrics";

const { values: args } = parseArgs({
  options: {
    targets: { type: "string", default: "300" },
    runs: { type: "string", default: "15" },
    "sample-minutes": { type: "string", default: "10" },
  },
});
const targetCount = Number(args.targets);
const runs = Number(args.runs);
const sampleMs = Number(args["sample-minutes"]) * 60_000;
const dayMs = 86_400_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const workDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-dashboard-"));
const [vm, handle] = await Promise.all([startVictoriaMetrics(workDir), openDatabase({ dataDir: "memory://" })]);
try {
  const memberId = newId("m");
  const now = new Date();
  await handle.db.insert(members).values({ id: memberId, oidcSubject: `bench-${memberId}` });
  const ids = Array.from({ length: targetCount }, () => newId("t"));
  await handle.db.insert(targets).values(
    ids.map((id, i) => ({
      id,
      memberId,
      kind: "brick" as const,
      label: `Brick ${String(i).padStart(3, "0")}`,
      address: `https://b${i}.example.org/`,
    })),
  );
  const channelId = newId("c");
  await handle.db.insert(channels).values({
    id: channelId,
    memberId,
    type: "matrix",
    address: "@bench:example.org",
    roomId: "!r:example.org",
    verifiedAt: now,
  });
  await handle.db.insert(notifications).values(
    Array.from({ length: 1_000 }, (_, i) => ({
      id: newId("n"),
      dedupeKey: newId("n"),
      memberId,
      channelId,
      groupKey: `g${i}`,
      alertStatus: "firing" as const,
      deliveryState: "sent" as const,
      createdAt: new Date(now.getTime() - (i % 168) * 3_600_000),
      alerts: [
        {
          alertname: "BlackboxProbeFailed",
          status: "firing" as const,
          severity: "critical",
          targetId: ids[i % targetCount]!,
          instance: null,
          summary: null,
          startsAt: new Date(now.getTime() - i * 60_000).toISOString(),
        },
      ],
    })),
  );

  const seedStarted = performance.now();
  let samples = 0;
  for (const [i, target] of ids.entries()) {
    const labels = { member: memberId, target, kind: "brick", module: "http_2xx" };
    const lines: string[] = [];
    for (let at = now.getTime() - 30 * dayMs; at <= now.getTime() - 30_000; at += sampleMs) {
      lines.push(
        formatSample({
          metric: "probe_success",
          labels,
          value: (at / sampleMs + i) % 97 === 0 ? 0 : 1,
          at: new Date(at),
        }),
      );
      if (at > now.getTime() - dayMs) {
        lines.push(
          formatSample({
            metric: "probe_duration_seconds",
            labels,
            value: 0.05 + ((at / sampleMs) % 10) / 100,
            at: new Date(at),
          }),
        );
        lines.push(
          formatSample({
            metric: "probe_ssl_earliest_cert_expiry",
            labels,
            value: Math.round(now.getTime() / 1000) + 40 * 86_400,
            at: new Date(at),
          }),
        );
      }
    }
    samples += lines.length;
    await importSamples(vm.url, lines);
  }
  console.log(
    `seeded ${targetCount} targets, ${samples} samples (one every ${args["sample-minutes"]} min) in ${Math.round(performance.now() - seedStarted)} ms`,
  );

  // Each query's time, summed over the runs, names the one that costs most.
  const queryMs = new Map<string, number[]>();
  const timed =
    <A extends unknown[], R>(call: (query: string, ...rest: A) => Promise<R>) =>
    async (query: string, ...rest: A): Promise<R> => {
      const started = performance.now();
      try {
        return await call(query, ...rest);
      } finally {
        queryMs.set(query, [...(queryMs.get(query) ?? []), performance.now() - started]);
      }
    };
  const client = createMetricsClient({ url: vm.url });
  const metrics = { queryInstant: timed(client.queryInstant), queryRange: timed(client.queryRange) };
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const dashboard = await loadDashboard(handle.db, memberId, { metrics, now });
    timings.push(performance.now() - started);
    if (
      dashboard.metrics !== "available" ||
      dashboard.targets.length !== targetCount ||
      dashboard.targets.some((t) => t.uptime["30d"] === null)
    ) {
      throw new Error("the dashboard did not load every target's metrics");
    }
  }
  console.log(
    `loadDashboard, ${targetCount} targets, ${runs} runs: median ${median(timings).toFixed(1)} ms, first ${timings[0]!.toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms`,
  );
  for (const [query, times] of [...queryMs].sort((x, y) => median(y[1]) - median(x[1]))) {
    console.log(`  ${median(times).toFixed(1).padStart(7)} ms  ${query.replace(/"m_[^"]+"/g, '"m_…"').slice(0, 150)}`);
  }
} finally {
  await vm.stop();
  await handle.close();
  rmSync(workDir, { recursive: true, force: true });
}
