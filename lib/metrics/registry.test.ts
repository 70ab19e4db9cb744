import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications, syncRuns } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { parseExposition, sampleValue } from "@/lib/testing/exposition";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { createMetrics, processMetrics, recordDelivery } from "./registry";

let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  const { memberId } = await seedMember(handle.db);
  const channelId = await seedMatrixChannel(handle.db, memberId);
  const now = Date.now();
  const row = (state: "pending" | "sent" | "dead", ageSeconds: number) => ({
    id: newId("n"),
    dedupeKey: newId("x"),
    memberId,
    channelId,
    groupKey: '{}:{alertname="BrickDown"}',
    alertStatus: "firing" as const,
    alerts: [],
    deliveryState: state,
    createdAt: new Date(now - ageSeconds * 1000),
  });
  await handle.db
    .insert(notifications)
    .values([row("pending", 120), row("pending", 5), row("dead", 900), row("sent", 3000)]);
  const run = (result: "applied" | "unchanged" | "failed", finishedAt: string) => ({
    startedAt: new Date(finishedAt),
    finishedAt: new Date(finishedAt),
    configHash: "h",
    result,
  });
  await handle.db
    .insert(syncRuns)
    .values([
      run("applied", "2026-11-26T10:00:00Z"),
      run("applied", "2026-11-26T11:00:00Z"),
      run("unchanged", "2026-11-26T11:30:00Z"),
      run("failed", "2026-11-26T12:00:00Z"),
    ]);
});

afterAll(async () => {
  await handle.close();
});

async function scrape(metrics: ReturnType<typeof createMetrics>) {
  return parseExposition(await metrics.registry.metrics());
}

describe("metrics registry", () => {
  it("shows the outbox depth and the oldest pending notification's age from the database", async () => {
    const { samples, types } = await scrape(createMetrics({ readDb: async () => handle.db }));
    expect(sampleValue(samples, "vigie_outbox_notifications", { state: "pending" })).toBe(2);
    expect(sampleValue(samples, "vigie_outbox_notifications", { state: "dead" })).toBe(1);
    expect(types.get("vigie_outbox_notifications")).toBe("gauge");
    const age = sampleValue(samples, "vigie_outbox_oldest_pending_age_seconds");
    expect(age).toBeGreaterThanOrEqual(120);
    // The 900 s dead and 3000 s sent rows are not pending: an age from them would be far above this.
    expect(age).toBeLessThan(600);
    expect(sampleValue(samples, "vigie_database_up")).toBe(1);
  });

  it("shows sync runs by result and when each result last happened", async () => {
    const { samples, types } = await scrape(createMetrics({ readDb: async () => handle.db }));
    expect(types.get("vigie_monitoring_sync_runs_total")).toBe("counter");
    expect(sampleValue(samples, "vigie_monitoring_sync_runs_total", { result: "applied" })).toBe(2);
    expect(sampleValue(samples, "vigie_monitoring_sync_runs_total", { result: "unchanged" })).toBe(1);
    expect(sampleValue(samples, "vigie_monitoring_sync_runs_total", { result: "failed" })).toBe(1);
    const last = (result: string) =>
      sampleValue(samples, "vigie_monitoring_sync_last_run_timestamp_seconds", { result });
    expect(last("applied")).toBe(Date.parse("2026-11-26T11:00:00Z") / 1000);
    expect(last("failed")).toBe(Date.parse("2026-11-26T12:00:00Z") / 1000);
  });

  it("reads the database once per scrape, however many gauges it feeds", async () => {
    const readDb = vi.fn(async () => handle.db);
    const metrics = createMetrics({ readDb });
    await metrics.registry.metrics();
    expect(readDb).toHaveBeenCalledTimes(1);
    await metrics.registry.metrics();
    expect(readDb).toHaveBeenCalledTimes(2);
  });

  it("still answers when the database does not, and says so", async () => {
    const metrics = createMetrics({ readDb: () => Promise.reject(new Error("connection refused")) });
    metrics.recordWebhook({ outcome: "refused", seconds: 0.002 });
    const { samples } = await scrape(metrics);
    expect(sampleValue(samples, "vigie_database_up")).toBe(0);
    expect(sampleValue(samples, "vigie_outbox_notifications", { state: "pending" })).toBeUndefined();
    expect(sampleValue(samples, "vigie_webhook_posts_total", { outcome: "refused" })).toBe(1);
  });

  it("fills the latency histogram and failure counters from recorded deliveries", async () => {
    const metrics = createMetrics({ readDb: async () => handle.db });
    metrics.recordDelivery({ transport: "matrix", outcome: "sent", latencySeconds: 0.3 });
    metrics.recordDelivery({ transport: "matrix", outcome: "sent", latencySeconds: 45 });
    metrics.recordDelivery({ transport: "email", outcome: "retry" });
    metrics.recordDelivery({ transport: "email", outcome: "dead", permanent: true });
    const { samples, types } = await scrape(metrics);
    expect(types.get("vigie_delivery_latency_seconds")).toBe("histogram");
    const bucket = (le: string) =>
      sampleValue(samples, "vigie_delivery_latency_seconds_bucket", { transport: "matrix", le });
    expect([bucket("0.1"), bucket("0.5"), bucket("30"), bucket("60"), bucket("600"), bucket("+Inf")]).toEqual([
      0, 1, 1, 2, 2, 2,
    ]);
    expect(sampleValue(samples, "vigie_delivery_latency_seconds_sum", { transport: "matrix" })).toBeCloseTo(45.3);
    const failures = (kind: string) =>
      sampleValue(samples, "vigie_delivery_failures_total", { transport: "email", kind });
    expect([failures("temporary"), failures("permanent")]).toEqual([1, 1]);
    expect(sampleValue(samples, "vigie_delivery_failures_total", { transport: "matrix", kind: "temporary" })).toBe(0);
    expect(sampleValue(samples, "vigie_notifications_dead_lettered_total", { transport: "email" })).toBe(1);
  });

  it("counts webhook posts by outcome and times them", async () => {
    const metrics = createMetrics({ readDb: async () => handle.db });
    metrics.recordWebhook({ outcome: "stored", seconds: 0.004 });
    metrics.recordWebhook({ outcome: "duplicate", seconds: 0.02 });
    metrics.recordWebhook({ outcome: "duplicate", seconds: 0.03 });
    const { samples } = await scrape(metrics);
    expect(sampleValue(samples, "vigie_webhook_posts_total", { outcome: "duplicate" })).toBe(2);
    expect(sampleValue(samples, "vigie_webhook_posts_total", { outcome: "stored" })).toBe(1);
    const bucket = (le: string) =>
      sampleValue(samples, "vigie_webhook_request_duration_seconds_bucket", { outcome: "duplicate", le });
    expect([bucket("0.025"), bucket("0.05")]).toEqual([1, 2]);
  });

  it("prefixes Node's default metrics and gives every family a help text", async () => {
    const { samples, helps } = await scrape(createMetrics({ readDb: async () => handle.db }));
    expect(sampleValue(samples, "vigie_process_cpu_user_seconds_total")).toBeGreaterThanOrEqual(0);
    expect(samples.some((sample) => sample.name === "nodejs_heap_size_used_bytes")).toBe(false);
    for (const [name, help] of helps) expect(help, name).not.toBe("");
  });

  it("keeps one registry per process, fed by the exported recorders", async () => {
    expect(processMetrics()).toBe(processMetrics());
    recordDelivery({ transport: "gotify", outcome: "sent", latencySeconds: 2 });
    const text = await processMetrics().registry.getSingleMetricAsString("vigie_delivery_latency_seconds");
    expect(
      sampleValue(parseExposition(text).samples, "vigie_delivery_latency_seconds_count", { transport: "gotify" }),
    ).toBe(1);
  });
});
