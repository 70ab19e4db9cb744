import { describe, expect, it } from "vitest";
import { historyStepSeconds, maxChartPoints } from "./response-history";

describe("historyStepSeconds", () => {
  it("charts a new target per probe, so its first points show within a probe interval", () => {
    expect(historyStepSeconds(120, 60)).toBe(60);
    expect(historyStepSeconds(30, 15)).toBe(15);
    expect(historyStepSeconds(10, 2)).toBe(15);
  });

  it("keeps every range within the chart's points", () => {
    for (const span of [86_400, 7 * 86_400, 30 * 86_400]) {
      const step = historyStepSeconds(span, 60);
      expect(span / step).toBeLessThanOrEqual(maxChartPoints);
      expect(span / step).toBeGreaterThan(maxChartPoints - 1);
    }
    expect(historyStepSeconds(86_400, 60)).toBe(288);
  });
});
