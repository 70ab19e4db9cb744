import { describe, expect, it } from "vitest";
import { alignedWindow, buildDayBars, buildRecentRuns, daySeconds, recentStepSeconds, stateSince } from "./timeline";

describe("alignedWindow", () => {
  it("puts start and end on multiples of the step, covering the span", () => {
    expect(alignedWindow(1_000_030, 300, 60)).toEqual({ start: 999_720, end: 1_000_020, step: 60 });
  });
});

describe("recentStepSeconds", () => {
  it("follows the probe interval, between a minute and an hour", () => {
    expect(recentStepSeconds(2)).toBe(60);
    expect(recentStepSeconds(60)).toBe(60);
    expect(recentStepSeconds(90)).toBe(120);
    expect(recentStepSeconds(7_200)).toBe(3_600);
    expect(recentStepSeconds(undefined)).toBe(60);
  });
});

describe("buildRecentRuns", () => {
  const window = { start: 0, end: 600, step: 60 };

  it("merges equal steps: no data before the first probe, up after it, down and gaps where marked", () => {
    const marks = new Map([
      [300, 0],
      [360, 0],
      [480, -1],
    ]);
    expect(buildRecentRuns(window, marks, 130)).toEqual([
      { start: 0, end: 120, state: "none" },
      { start: 120, end: 240, state: "up" },
      { start: 240, end: 360, state: "down" },
      { start: 360, end: 420, state: "up" },
      { start: 420, end: 480, state: "none" },
      { start: 480, end: 600, state: "up" },
    ]);
  });

  it("shows a single failed step (one probe interval) as its own run", () => {
    const runs = buildRecentRuns(window, new Map([[600, 0]]), 0);
    expect(runs.at(-1)).toEqual({ start: 540, end: 600, state: "down" });
  });

  it("has no data at all for a target never probed", () => {
    expect(buildRecentRuns(window, new Map(), undefined)).toEqual([{ start: 0, end: 600, state: "none" }]);
  });
});

describe("stateSince", () => {
  const runs = [
    { start: 0, end: 120, state: "up" as const },
    { start: 120, end: 240, state: "down" as const },
  ];

  it("is the start of the last run when it is in the current state", () => {
    expect(stateSince(runs, "down")).toBe(120);
  });

  it("is the end of the runs when the state changed after them", () => {
    expect(stateSince(runs, "up")).toBe(240);
  });

  it("is null when the whole day was in that state", () => {
    expect(stateSince([{ start: 0, end: 600, state: "up" }], "up")).toBeNull();
    expect(stateSince([], "up")).toBeNull();
  });
});

describe("buildDayBars", () => {
  it("gives one bar per UTC day ending today, each from the point closing it, null without data", () => {
    const today = 20_000 * daySeconds;
    const bars = buildDayBars(
      [
        { time: today + daySeconds, value: 0.5 },
        { time: today - daySeconds, value: 1 },
      ],
      today + 3_600,
      3,
    );
    expect(bars).toEqual([
      { start: today - 2 * daySeconds, share: 1 },
      { start: today - daySeconds, share: null },
      { start: today, share: 0.5 },
    ]);
  });
});
