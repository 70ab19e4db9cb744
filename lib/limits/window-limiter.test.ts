import { describe, expect, it } from "vitest";
import { createWindowLimiter } from "./window-limiter";

describe("createWindowLimiter", () => {
  it("lets `limit` hits per key through each window, marks the first refusal, and says when the window ends", () => {
    let clock = 1_000;
    const limiter = createWindowLimiter({ limit: 2, windowMs: 60_000, now: () => clock });
    expect(limiter.hit("a")).toEqual({ ok: true });
    clock += 10_000;
    expect(limiter.hit("a")).toEqual({ ok: true });
    expect(limiter.hit("b")).toEqual({ ok: true });
    expect(limiter.hit("a")).toEqual({ ok: false, first: true, retryAfterMs: 50_000 });
    expect(limiter.hit("a")).toEqual({ ok: false, first: false, retryAfterMs: 50_000 });
    clock += 50_000;
    expect(limiter.hit("a")).toEqual({ ok: true });
  });

  it("holds at most `maxKeys` keys, forgetting the oldest windows first", () => {
    const clock = 0;
    const limiter = createWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: () => clock });
    limiter.hit("old");
    limiter.hit("mid");
    limiter.hit("new");
    expect(limiter.hit("mid")).toMatchObject({ ok: false });
    expect(limiter.hit("old")).toEqual({ ok: true });
  });
});
