import { describe, expect, it } from "vitest";
import { buildDashboardQueries, historyByTarget, memberSelector, valuesByTarget } from "./queries";

describe("buildDashboardQueries", () => {
  it("scopes every query to the member and groups by target", () => {
    const queries = buildDashboardQueries("m_abc123");
    const all = [
      queries.up,
      ...Object.values(queries.uptime),
      queries.responseSeconds,
      queries.certSecondsLeft,
      queries.httpStatus,
      queries.responseHistory(600),
    ];
    for (const query of all) {
      expect(query).toMatch(/\{member="m_abc123"\}/);
      expect(query).toMatch(/by \(target\)/);
      expect(query.match(/\{/g)).toHaveLength(1);
    }
    expect(queries.uptime["30d"]).toBe('avg by (target) (avg_over_time(probe_success{member="m_abc123"}[30d]))');
    expect(queries.responseHistory(600)).toBe(
      'avg by (target) (avg_over_time(probe_duration_seconds{member="m_abc123"}[600s]))',
    );
  });

  it("refuses a member id that could widen the matcher", () => {
    expect(() => memberSelector("probe_success", 'm_1"} or probe_success{member=~".*')).toThrow();
    expect(() => memberSelector("probe_success", "")).toThrow();
    expect(() => memberSelector("probe_success", "t_123")).toThrow();
  });
});

describe("valuesByTarget", () => {
  it("keeps only the member's own targets and finite values", () => {
    const own = new Set(["t_1", "t_2"]);
    const values = valuesByTarget(
      [
        { labels: { target: "t_1" }, value: 0.5 },
        { labels: { target: "t_forged" }, value: 1 },
        { labels: {}, value: 1 },
        { labels: { target: "t_2" }, value: Number.NaN },
      ],
      own,
    );
    expect([...values]).toEqual([["t_1", 0.5]]);
  });
});

describe("historyByTarget", () => {
  it("drops forged targets and NaN points", () => {
    const history = historyByTarget(
      [
        {
          labels: { target: "t_1" },
          points: [
            { time: 1, value: 0.2 },
            { time: 2, value: Number.NaN },
          ],
        },
        { labels: { target: "t_other" }, points: [{ time: 1, value: 9 }] },
      ],
      new Set(["t_1"]),
    );
    expect([...history]).toEqual([["t_1", [{ time: 1, value: 0.2 }]]]);
  });
});
