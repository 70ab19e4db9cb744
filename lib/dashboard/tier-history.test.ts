import { describe, expect, it } from "vitest";
import {
  historyClient,
  mergeSpanPoints,
  mergeSpanSeries,
  pointInSpan,
  spanWindow,
  type TierSpan,
  tierSpans,
} from "./tier-history";
import type { MetricsClient, RangeWindow } from "./victoria-metrics";

const at = (seconds: number) => new Date(seconds * 1000);
const line = (...pairs: [number, number][]) => pairs.map(([time, value]) => ({ time, value }));

describe("tierSpans", () => {
  it("is the current source alone when nothing moved", () => {
    expect(tierSpans("b", [])).toEqual([{ source: "b", fromSeconds: null, toSeconds: null }]);
  });

  it("follows the moves in time order, each span read where the next move left", () => {
    const moves = [
      { from: "b", movedAt: at(2_000) },
      { from: "a", movedAt: at(1_000) },
    ];
    expect(tierSpans("a", moves)).toEqual([
      { source: "a", fromSeconds: null, toSeconds: 1_000 },
      { source: "b", fromSeconds: 1_000, toSeconds: 2_000 },
      { source: "a", fromSeconds: 2_000, toSeconds: null },
    ]);
  });

  it("keeps a null source (the default instance) as any other", () => {
    expect(tierSpans<string | null>("r_new", [{ from: null, movedAt: at(500) }])).toEqual([
      { source: null, fromSeconds: null, toSeconds: 500 },
      { source: "r_new", fromSeconds: 500, toSeconds: null },
    ]);
  });
});

describe("pointInSpan", () => {
  const old: TierSpan<string> = { source: "a", fromSeconds: null, toSeconds: 1_050 };
  const current: TierSpan<string> = { source: "b", fromSeconds: 1_050, toSeconds: null };
  it("gives the point whose step holds the move to both sides, and every other point to one", () => {
    // step 100: the point at 1100 sums (1000, 1100], which holds the move at 1050.
    expect([1_000, 1_100, 1_200].map((time) => pointInSpan(time, old, 100))).toEqual([true, true, false]);
    expect([1_000, 1_100, 1_200].map((time) => pointInSpan(time, current, 100))).toEqual([false, true, true]);
  });
  it("gives a move on a step boundary to one side only", () => {
    const before: TierSpan<string> = { source: "a", fromSeconds: null, toSeconds: 1_100 };
    const after: TierSpan<string> = { source: "b", fromSeconds: 1_100, toSeconds: null };
    expect([1_100, 1_200].map((time) => pointInSpan(time, before, 100))).toEqual([true, false]);
    expect([1_100, 1_200].map((time) => pointInSpan(time, after, 100))).toEqual([false, true]);
  });
});

describe("spanWindow", () => {
  const window: RangeWindow = { start: at(1_000), end: at(2_000), stepSeconds: 100 };
  it("clips the window to the span on the window's grid", () => {
    expect(spanWindow(window, { source: "a", fromSeconds: null, toSeconds: 1_450 })).toEqual({
      start: at(1_000),
      end: at(1_500),
      stepSeconds: 100,
    });
    expect(spanWindow(window, { source: "b", fromSeconds: 1_450, toSeconds: null })).toEqual({
      start: at(1_500),
      end: at(2_000),
      stepSeconds: 100,
    });
    expect(spanWindow(window, { source: "b", fromSeconds: 1_200, toSeconds: 1_400 })).toEqual({
      start: at(1_300),
      end: at(1_400),
      stepSeconds: 100,
    });
  });
  it("is null for a span wholly before or after the window", () => {
    expect(spanWindow(window, { source: "a", fromSeconds: null, toSeconds: 900 })).toBeNull();
    expect(spanWindow(window, { source: "a", fromSeconds: 2_000, toSeconds: null })).toBeNull();
  });
  it("keeps the whole window for a subject that never moved", () => {
    expect(spanWindow(window, { source: "a", fromSeconds: null, toSeconds: null })).toEqual(window);
  });
});

describe("mergeSpanPoints", () => {
  const old: TierSpan<string> = { source: "a", fromSeconds: null, toSeconds: 1_050 };
  const current: TierSpan<string> = { source: "b", fromSeconds: 1_050, toSeconds: null };
  it("keeps each span's own points, the later span winning the shared step, in time order", () => {
    const merged = mergeSpanPoints(
      [
        // The old tier also answers after the move (a write that went there before the sync): not its time.
        { span: old, points: line([900, 1], [1_000, 2], [1_100, 3], [1_200, 99]) },
        { span: current, points: line([1_100, 30], [1_200, 40]) },
      ],
      100,
    );
    expect(merged).toEqual(line([900, 1], [1_000, 2], [1_100, 30], [1_200, 40]));
  });
  it("keeps the old span's point at the move when the new tier has none there", () => {
    expect(
      mergeSpanPoints(
        [
          { span: old, points: line([1_000, 2], [1_100, 3]) },
          { span: current, points: line([1_200, 40]) },
        ],
        100,
      ),
    ).toEqual(line([1_000, 2], [1_100, 3], [1_200, 40]));
  });
});

describe("mergeSpanSeries", () => {
  it("merges series with the same labels, whatever their order, and keeps the others apart", () => {
    const old: TierSpan<string> = { source: "a", fromSeconds: null, toSeconds: 1_000 };
    const current: TierSpan<string> = { source: "b", fromSeconds: 1_000, toSeconds: null };
    const merged = mergeSpanSeries(
      [
        {
          span: old,
          series: [
            { labels: { target: "t1", member: "m" }, points: line([900, 1], [1_000, 2]) },
            { labels: { target: "t2" }, points: line([1_000, 5]) },
          ],
        },
        { span: current, series: [{ labels: { member: "m", target: "t1" }, points: line([1_100, 3]) }] },
      ],
      100,
    );
    expect(merged).toEqual([
      { labels: { target: "t1", member: "m" }, points: line([900, 1], [1_000, 2], [1_100, 3]) },
      { labels: { target: "t2" }, points: line([1_000, 5]) },
    ]);
  });
});

describe("historyClient", () => {
  /** A stand-in instance that answers a range query with one point per step, valued by its name. */
  function instance(value: number, asked: RangeWindow[]): MetricsClient {
    return {
      queryInstant: async () => [{ labels: { target: "t" }, value }],
      async queryRange(_query, window) {
        asked.push(window);
        const points = [];
        for (let t = window.start.getTime() / 1000; t <= window.end.getTime() / 1000; t += window.stepSeconds)
          points.push({ time: t, value });
        return [{ labels: { target: "t" }, points }];
      },
    };
  }

  it("reads each tier for its part of the window and answers instant queries from the current one", async () => {
    const oldAsked: RangeWindow[] = [];
    const newAsked: RangeWindow[] = [];
    const client = historyClient([
      { source: instance(1, oldAsked), fromSeconds: null, toSeconds: 1_450 },
      { source: instance(2, newAsked), fromSeconds: 1_450, toSeconds: null },
    ]);
    const series = await client.queryRange("q", { start: at(1_000), end: at(2_000), stepSeconds: 100 });
    expect(oldAsked).toEqual([{ start: at(1_000), end: at(1_500), stepSeconds: 100 }]);
    expect(newAsked).toEqual([{ start: at(1_500), end: at(2_000), stepSeconds: 100 }]);
    expect(series).toEqual([
      {
        labels: { target: "t" },
        points: [
          ...line([1_000, 1], [1_100, 1], [1_200, 1], [1_300, 1], [1_400, 1]),
          ...line([1_500, 2], [1_600, 2], [1_700, 2], [1_800, 2], [1_900, 2], [2_000, 2]),
        ],
      },
    ]);
    expect(await client.queryInstant("q")).toEqual([{ labels: { target: "t" }, value: 2 }]);
  });

  it("asks nothing of a tier left before the window, and is the client itself without a move", async () => {
    const oldAsked: RangeWindow[] = [];
    const current = instance(2, []);
    const client = historyClient([
      { source: instance(1, oldAsked), fromSeconds: null, toSeconds: 500 },
      { source: current, fromSeconds: 500, toSeconds: null },
    ]);
    await client.queryRange("q", { start: at(1_000), end: at(2_000), stepSeconds: 100 });
    expect(oldAsked).toEqual([]);
    expect(historyClient([{ source: current, fromSeconds: null, toSeconds: null }])).toBe(current);
  });

  it("fails when a tier it must read fails", async () => {
    const failing: MetricsClient = {
      queryInstant: () => Promise.reject(new Error("down")),
      queryRange: () => Promise.reject(new Error("down")),
    };
    const client = historyClient([
      { source: failing, fromSeconds: null, toSeconds: 1_450 },
      { source: instance(2, []), fromSeconds: 1_450, toSeconds: null },
    ]);
    await expect(client.queryRange("q", { start: at(1_000), end: at(2_000), stepSeconds: 100 })).rejects.toThrow(
      "down",
    );
  });
});
