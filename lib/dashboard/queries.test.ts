import { describe, expect, it } from "vitest";
import { buildDashboardQueries, buildHistoryQueries, historyByTarget, memberSelector, valuesByTarget } from "./queries";

describe("buildDashboardQueries", () => {
  it("scopes every query to the member and groups by target", () => {
    const queries = buildDashboardQueries("m_abc123");
    const all = [
      queries.up,
      queries.responseSeconds,
      queries.certSecondsLeft,
      queries.httpStatus,
      queries.firstProbe,
      queries.recentTimeline(60),
      queries.dailyCounts,
      queries.edgeCounts(3_600_000),
    ];
    for (const query of all) {
      expect(query).toMatch(/\{member="m_abc123"\}/);
      expect(query).toMatch(/by \(target\)/);
      for (const selector of query.match(/\w+\{[^}]*\}/g) ?? []) expect(selector).toMatch(/\{member="m_abc123"\}$/);
    }
    expect(queries.probeInterval).toBe('max(scrape_interval(probe_success{member="m_abc123"}[30m]))');
  });

  it("counts a target's samples across all its series, successes and total in one query", () => {
    expect(buildDashboardQueries("m_abc123").edgeCounts(5_000)).toBe(
      'label_set(sum by (target) (sum_over_time(probe_success{member="m_abc123"}[5000ms])), "part", "up") or ' +
        'label_set(sum by (target) (count_over_time(probe_success{member="m_abc123"}[5000ms])), "part", "all")',
    );
  });

  it("asks the day's timeline only for failed steps and gaps, at the given step", () => {
    const query = buildDashboardQueries("m_abc123").recentTimeline(120);
    expect(query).toContain('(max by (target) (min_over_time(probe_success{member="m_abc123"}[120s])) < 1) or');
    expect(query).toContain('((min by (target) (lag(probe_success{member="m_abc123"}[25h])) >= 120) * 0 - 1)');
  });
});

describe("buildHistoryQueries", () => {
  it("reads one target of the member, at the step asked", () => {
    const queries = buildHistoryQueries("m_abc123", "t_x1", 300);
    expect(queries.duration).toBe('avg(avg_over_time(probe_duration_seconds{member="m_abc123",target="t_x1"}[300s]))');
    expect(queries.allUp).toBe('max(min_over_time(probe_success{member="m_abc123",target="t_x1"}[300s]))');
    expect(() => buildHistoryQueries("m_abc123", 't_1"}', 300)).toThrow();
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
