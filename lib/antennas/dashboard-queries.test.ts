import { describe, expect, it } from "vitest";
import {
  antennaMatcher,
  buildAntennaQueries,
  combineAntennas,
  pointsByAntenna,
  summarizeAntenna,
  windowSpans,
} from "./dashboard-queries";

describe("antenna dashboard queries", () => {
  it("asks one query per figure for every antenna, grouped by antenna", () => {
    const queries = buildAntennaQueries(null, 600);
    expect(Object.keys(queries)).toEqual(["clients", "bandwidthIn", "bandwidthOut", "up", "signalMin", "signalAvg"]);
    for (const query of Object.values(queries)) {
      expect(query).toMatch(/^(sum|max|min|avg) by \(antenna\) /);
      expect(query).toContain('antenna!=""');
      expect(query).toContain("[600s]");
    }
    // The access points' side only: the clients' uploads in, their downloads out, never the uplink again.
    expect(queries.bandwidthIn).toBe('sum by (antenna) (rate(net_bytes_recv{antenna!="",role="clients"}[600s])) * 8');
    expect(queries.bandwidthOut).toBe('sum by (antenna) (rate(net_bytes_sent{antenna!="",role="clients"}[600s])) * 8');
    expect(queries.signalMin).toBe(
      'min by (antenna) (min_over_time(vigie_wifi_station_signal_dbm{antenna!=""}[600s]))',
    );
  });

  it("narrows to one antenna, and refuses an id that would widen the query", () => {
    expect(buildAntennaQueries("a_x1", 3_600).clients).toBe(
      'sum by (antenna) (max_over_time(vigie_wifi_stations{antenna="a_x1"}[3600s]))',
    );
    expect(() => antennaMatcher('a"} or up{a="')).toThrow();
  });

  it("keeps 144 to 180 points per window", () => {
    for (const span of Object.values(windowSpans)) {
      expect(span.seconds / span.stepSeconds).toBeGreaterThanOrEqual(144);
      expect(span.seconds / span.stepSeconds).toBeLessThanOrEqual(180);
    }
  });

  it("keeps the antennas the database knows and drops non-finite points", () => {
    const lines = pointsByAntenna(
      [
        {
          labels: { antenna: "a_1" },
          points: [
            { time: 1, value: 2 },
            { time: 2, value: Number.NaN },
          ],
        },
        { labels: { antenna: "a_ghost" }, points: [{ time: 1, value: 9 }] },
        { labels: {}, points: [{ time: 1, value: 9 }] },
      ],
      new Set(["a_1"]),
    );
    expect([...lines]).toEqual([["a_1", [{ time: 1, value: 2 }]]]);
  });

  it("combines antennas time by time: totals, the weakest, the mean", () => {
    const a = [
      { time: 1, value: 2 },
      { time: 2, value: -60 },
    ];
    const b = [
      { time: 2, value: -80 },
      { time: 3, value: 1 },
    ];
    expect(combineAntennas([a, b], "sum")).toEqual([
      { time: 1, value: 2 },
      { time: 2, value: -140 },
      { time: 3, value: 1 },
    ]);
    expect(combineAntennas([a, b], "min")[1]).toEqual({ time: 2, value: -80 });
    expect(combineAntennas([a, b], "avg")[1]).toEqual({ time: 2, value: -70 });
  });

  it("summarises an antenna over the window, uptime as the share of steps it reported in", () => {
    const up = Array.from({ length: 36 }, (_, i) => ({ time: i, value: 1 }));
    const summary = summarizeAntenna(
      {
        clients: [
          { time: 1, value: 3 },
          { time: 2, value: 5 },
        ],
        up,
        signalMin: [{ time: 1, value: -71 }],
      },
      144,
    );
    expect(summary).toEqual({
      clientsPeak: 5,
      bandwidthInAvg: null,
      bandwidthOutAvg: null,
      uptime: 0.25,
      signalMin: -71,
      signalAvg: null,
    });
    expect(summarizeAntenna({}, 144).uptime).toBe(0);
  });
});
