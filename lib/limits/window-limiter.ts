/** `first`: the first refusal of this window, the one worth answering (a bot says "slow down" once). */
export type LimitVerdict = { ok: true } | { ok: false; first: boolean; retryAfterMs: number };
export type WindowLimiter = { hit(key: string): LimitVerdict };

type Window = { startedAt: number; count: number };

/**
 * Counts hits per key in fixed windows, in this process's memory: enough for login callbacks and chat commands,
 * where a restart forgiving a burst costs nothing. Keys are dropped when their window ends; `maxKeys` bounds the
 * memory an attacker with many addresses can make it hold (the oldest windows go first).
 * Written here rather than taken from a library: a dozen lines, synchronous, no timers, and a clock tests inject.
 */
export function createWindowLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}): WindowLimiter {
  const { limit, windowMs, maxKeys = 10_000, now = Date.now } = options;
  const windows = new Map<string, Window>();
  const prune = (at: number) => {
    for (const [key, window] of windows) if (at - window.startedAt >= windowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };
  return {
    hit(key) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.startedAt >= windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) prune(at);
        window = { startedAt: at, count: 0 };
        // Re-inserted, so the map stays in window order and pruning drops the oldest first.
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count <= limit) return { ok: true };
      return { ok: false, first: window.count === limit + 1, retryAfterMs: window.startedAt + windowMs - at };
    },
  };
}
