import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase } from "@/lib/testing/database";
import { parseExposition, sampleValue } from "@/lib/testing/exposition";

// The route's process registry reads the process database: here, this file's test database.
let handle: DbHandle;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/client")>()),
  db: async () => handle.db,
}));

const { GET } = await import("@/app/metrics/route");
const token = "scrape-token-0123456789";
const url = "http://127.0.0.1:3000/metrics";

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("GET /metrics", () => {
  it("refuses a scrape without the bearer token when METRICS_TOKEN is set", async () => {
    vi.stubEnv("METRICS_TOKEN", token);
    const response = await GET(new Request(url));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.text()).not.toContain("vigie_");
  });

  it("refuses a wrong token", async () => {
    vi.stubEnv("METRICS_TOKEN", token);
    const response = await GET(new Request(url, { headers: { Authorization: `Bearer ${token}x` } }));
    expect(response.status).toBe(401);
  });

  it("serves the text format 0.0.4 to the right token", async () => {
    vi.stubEnv("METRICS_TOKEN", token);
    const response = await GET(new Request(url, { headers: { Authorization: `Bearer ${token}` } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const { samples } = parseExposition(await response.text());
    expect(sampleValue(samples, "vigie_outbox_notifications", { state: "pending" })).toBe(0);
    expect(sampleValue(samples, "vigie_database_up")).toBe(1);
  });

  it("refuses every scrape when no token is configured and METRICS_OPEN is not true", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    for (const open of ["", "false", "yes"]) {
      resetEnvForTests();
      vi.stubEnv("METRICS_OPEN", open);
      if (open === "yes") {
        expect(() => GET(new Request(url))).toThrow(/METRICS_OPEN/);
        continue;
      }
      const response = await GET(new Request(url));
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("vigie_");
    }
  });

  it("serves openly only with an explicit METRICS_OPEN=true", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    vi.stubEnv("METRICS_OPEN", "true");
    const response = await GET(new Request(url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("# TYPE vigie_delivery_latency_seconds histogram");
  });

  it("still asks for the token when both are set", async () => {
    vi.stubEnv("METRICS_TOKEN", token);
    vi.stubEnv("METRICS_OPEN", "true");
    expect((await GET(new Request(url))).status).toBe(401);
  });
});
