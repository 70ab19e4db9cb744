import { describe, expect, it } from "vitest";
import { loadProbeStates } from "./probe-states";
import { type MetricsClient, MetricsUnavailableError } from "./victoria-metrics";

const memberId = "m_probe";
const row = (id: string, kind: string, extra: Partial<{ status: string; paused: boolean }> = {}) => ({
  id,
  kind,
  status: "active",
  paused: false,
  ...extra,
});

/** A source answering the "up" query with the given values, counting the queries it receives. */
function source(up: Record<string, number>) {
  const queries: string[] = [];
  const client: MetricsClient = {
    queryInstant: async (query) => {
      queries.push(query);
      return Object.entries(up).map(([target, value]) => ({ labels: { target }, value }));
    },
    queryRange: async () => [],
  };
  return { client, queries };
}

describe("loadProbeStates", () => {
  it("asks each source once, and keeps a source's answer for its own targets only", async () => {
    const byDefault = source({ t1: 1, t2: 0, t3: 1 });
    const vpsTier = source({ t3: 0, t1: 0 });
    const states = await loadProbeStates(memberId, [row("t1", "ping"), row("t2", "tcp"), row("t3", "vps")], {
      metrics: byDefault.client,
      metricsByKind: new Map([["vps", vpsTier.client]]),
    });
    expect(Object.fromEntries(states)).toEqual({ t1: "up", t2: "down", t3: "down" });
    expect(byDefault.queries).toEqual([`max by (target) (last_over_time(probe_success{member="${memberId}"}[5m]))`]);
    expect(vpsTier.queries).toHaveLength(1);
  });

  it("leaves requests and paused targets to the database and asks no source for them", async () => {
    const metrics = source({ p: 1, r: 1, z: 1 });
    const states = await loadProbeStates(
      memberId,
      [
        row("p", "ping", { status: "pending" }),
        row("r", "ping", { status: "rejected" }),
        row("z", "ping", { paused: true }),
      ],
      { metrics: metrics.client },
    );
    expect(Object.fromEntries(states)).toEqual({ p: "pending", r: "rejected", z: "paused" });
    expect(metrics.queries).toEqual([]);
  });

  it("says unknown for the targets of a source that does not answer, and keeps the others", async () => {
    const down: MetricsClient = {
      queryInstant: async () => {
        throw new MetricsUnavailableError("connection refused");
      },
      queryRange: async () => [],
    };
    const states = await loadProbeStates(memberId, [row("a", "ping"), row("b", "vpn")], {
      metrics: source({ a: 1 }).client,
      metricsByKind: new Map([["vpn", down]]),
    });
    expect(Object.fromEntries(states)).toEqual({ a: "up", b: "unknown" });
  });
});
