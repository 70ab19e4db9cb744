import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { parseExposition, sampleValue } from "@/lib/testing/exposition";
import { type MetricsServer, startMetricsServer } from "./listen";
import { createMetrics } from "./registry";

let server: MetricsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
  resetEnvForTests();
});

// No database here: the listener's job is HTTP; the database gauges are covered in registry.test.ts.
const metrics = () => createMetrics({ readDb: () => Promise.reject(new Error("no database in this test")) });

describe("worker metrics listener", () => {
  it("serves the registry on /metrics and nothing else", async () => {
    const registry = metrics();
    registry.recordDelivery({ transport: "mattermost", outcome: "retry" });
    server = await startMetricsServer({ host: "127.0.0.1", port: 0, registry: registry.registry, open: true });
    const base = `http://127.0.0.1:${server.port}`;
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const { samples } = parseExposition(await response.text());
    expect(sampleValue(samples, "vigie_delivery_failures_total", { transport: "mattermost", kind: "temporary" })).toBe(
      1,
    );
    expect((await fetch(`${base}/`)).status).toBe(404);
  });

  it("refuses every scrape without a token unless it was opened explicitly", async () => {
    server = await startMetricsServer({ host: "127.0.0.1", port: 0, registry: metrics().registry });
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("vigie_");
  });

  it("asks for the token when one is set", async () => {
    server = await startMetricsServer({
      host: "127.0.0.1",
      port: 0,
      registry: metrics().registry,
      token: "t".repeat(16),
    });
    const url = `http://127.0.0.1:${server.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${"t".repeat(16)}` } })).status).toBe(200);
  });

  it("reads its address from WORKER_METRICS_LISTEN", () => {
    vi.stubEnv("WORKER_METRICS_LISTEN", "127.0.0.1:9465");
    expect(env().WORKER_METRICS_LISTEN).toEqual({ host: "127.0.0.1", port: 9465 });
    resetEnvForTests();
    vi.stubEnv("WORKER_METRICS_LISTEN", "[::1]:9465");
    expect(env().WORKER_METRICS_LISTEN).toEqual({ host: "::1", port: 9465 });
    resetEnvForTests();
    vi.stubEnv("WORKER_METRICS_LISTEN", "9465");
    expect(() => env()).toThrow(/WORKER_METRICS_LISTEN/);
  });
});
