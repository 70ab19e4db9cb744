import { describe, expect, it } from "vitest";
import { daySeconds } from "./timeline";
import { uptimeFromCounts, windowEdge } from "./uptime";

const day = daySeconds * 1000;

describe("windowEdge", () => {
  it("cuts every window of whole days at the same time of day, read at the end of its oldest day", () => {
    const now = 20_000 * day + 10 * 3_600_000;
    expect(windowEdge(now, 1)).toEqual({ atMs: 20_000 * day, lengthMs: 14 * 3_600_000 });
    expect(windowEdge(now, 30)).toEqual({ atMs: 19_971 * day, lengthMs: 14 * 3_600_000 });
  });

  it("reads a whole day when the window starts at midnight", () => {
    expect(windowEdge(20_000 * day, 7)).toEqual({ atMs: 19_994 * day, lengthMs: day });
  });
});

describe("uptimeFromCounts", () => {
  it("adds the cut oldest day to the days after it, weighting each by its probes", () => {
    const edgeEnd = 1_000 * daySeconds;
    const daily = new Map([
      [edgeEnd - daySeconds, { up: 0, all: 100 }],
      [edgeEnd, { up: 90, all: 100 }],
      [edgeEnd + daySeconds, { up: 10, all: 10 }],
    ]);
    expect(uptimeFromCounts(daily, { up: 5, all: 10 }, edgeEnd)).toBeCloseTo(105 / 120, 10);
    expect(uptimeFromCounts(new Map(), undefined, edgeEnd)).toBeNull();
  });
});
