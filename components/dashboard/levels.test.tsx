import { describe, expect, it } from "vitest";
import { certLevel, durationParts } from "./levels";
import { stateChanges } from "./state-changes";

describe("certLevel", () => {
  it("is amber under 14 days, red under 3, expired below 0", () => {
    expect([30, 14, 13, 3, 2, 0, -1].map(certLevel)).toEqual([
      "ok",
      "ok",
      "low",
      "low",
      "critical",
      "critical",
      "expired",
    ]);
  });
});

describe("durationParts", () => {
  it("keeps the two largest units", () => {
    expect(durationParts(59)).toEqual({ unit: "minutes", minutes: 0 });
    expect(durationParts(3_599)).toEqual({ unit: "minutes", minutes: 59 });
    expect(durationParts(3_600 + 5 * 60)).toEqual({ unit: "hours", hours: 1, minutes: 5 });
    expect(durationParts(2 * 86_400 + 3 * 3_600 + 59)).toEqual({ unit: "days", days: 2, hours: 3 });
  });
});

describe("stateChanges", () => {
  it("names the targets whose state changed, not those added", () => {
    const before = [
      { id: "t_1", state: "up" as const },
      { id: "t_2", state: "up" as const },
    ];
    const after = [
      { id: "t_1", label: "Ma brique", state: "down" as const },
      { id: "t_2", label: "Site", state: "up" as const },
      { id: "t_3", label: "Nouvelle", state: "unknown" as const },
    ];
    expect(stateChanges(before, after)).toEqual([{ label: "Ma brique", state: "down" }]);
  });
});
