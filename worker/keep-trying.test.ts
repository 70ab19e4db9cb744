import { describe, expect, it } from "vitest";
import { keepTrying } from "./keep-trying";

describe("keepTrying", () => {
  it("retries a failing start until it succeeds, and stops what it started", async () => {
    let attempts = 0;
    let stops = 0;
    const task = keepTrying(
      "flaky",
      {
        async start() {
          attempts += 1;
          if (attempts < 3) throw new Error("homeserver down");
          return { stop: async () => void (stops += 1) };
        },
      },
      { firstMs: 5, maxMs: 20 },
    );
    const running = await task.start();
    const deadline = Date.now() + 2_000;
    while (attempts < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(attempts).toBe(3);
    await running.stop();
    expect(stops).toBe(1);
  });

  it("gives up retrying once stopped", async () => {
    let attempts = 0;
    const task = keepTrying(
      "down",
      {
        start: async () => {
          attempts += 1;
          throw new Error("down");
        },
      },
      { firstMs: 5, maxMs: 5 },
    );
    const running = await task.start();
    await running.stop();
    const seen = attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toBe(seen);
  });
});
