import { describe, expect, it } from "vitest";
import { createApplyScheduler } from "./apply-scheduler";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("createApplyScheduler", () => {
  it("runs one at a time and coalesces a burst into one run after the current one", async () => {
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const scheduler = createApplyScheduler(async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await tick();
      active -= 1;
    });
    const first = scheduler.request();
    await Promise.resolve(); // let the first run start
    const burst = Array.from({ length: 5 }, () => scheduler.request());
    await Promise.all([first, ...burst]);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    await scheduler.request();
    expect(runs).toBe(3);
  });

  it("keeps serving requests after a run throws", async () => {
    let runs = 0;
    const scheduler = createApplyScheduler(async () => {
      runs += 1;
      if (runs === 1) throw new Error("boom");
    });
    await scheduler.request();
    await scheduler.request();
    expect(runs).toBe(2);
  });
});
