import { describe, expect, it } from "vitest";
import { createMissingTracker } from "./missing-tracker";

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 0, 0, seconds));
const same = (key: string) => key;

describe("confirming that something is missing", () => {
  it("confirms an item missing from sweeps confirmAfterMs apart, and only then", () => {
    const tracker = createMissingTracker(60_000);
    expect(tracker.confirm(["a", "b"], same, at(0))).toEqual([]);
    expect(tracker.confirm(["a", "b"], same, at(59))).toEqual([]);
    expect(tracker.confirm(["a", "b", "c"], same, at(60))).toEqual(["a", "b"]);
  });

  it("starts a new wait for an item that was found again in between", () => {
    const tracker = createMissingTracker(60_000);
    tracker.confirm(["a"], same, at(0));
    tracker.confirm([], same, at(30));
    expect(tracker.confirm(["a"], same, at(60))).toEqual([]);
    expect(tracker.confirm(["a"], same, at(120))).toEqual(["a"]);
  });
});
