import { type ApplyScheduler, createApplyScheduler } from "./apply-scheduler";

export type MonitoringSync = ApplyScheduler & {
  /** Disarms the expiry timer (tests, shutdown); later requests still run. */
  stop(): void;
};

/** setTimeout's longest delay (~24.8 days): a later expiry is reached in hops, each one a harmless sync. */
const longestDelayMs = 2 ** 31 - 1;
/** Timers may fire a millisecond early; the renderer drops a credential only once `now >= validUntil`. */
const marginMs = 50;

/** After a failed run: the first retry's delay, doubled after each further failure up to the cap. */
export const defaultRetry = { firstMs: 30_000, maxMs: 15 * 60_000 };

/**
 * The apply scheduler, plus the changes no admin makes. A rotated antenna's previous password stops being valid
 * at `previousValidUntil`, and vmauth.yml must then be rendered without it: after each run the timer is re-armed
 * on the earliest future expiry. A failed run (vmauth briefly unreachable, a verification timeout, a new tier
 * down) may leave a revoked or expired credential valid: it is tried again after a backoff, until a run succeeds.
 */
export function createMonitoringSync(options: {
  apply: () => Promise<{ result: string }>;
  nextExpiry: () => Promise<Date | null>;
  retry?: { firstMs: number; maxMs: number };
}): MonitoringSync {
  const retry = options.retry ?? defaultRetry;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  const arm = (expiry: Date | null) => {
    clearTimeout(timer);
    timer = undefined;
    const retryAt = failures > 0 ? Date.now() + Math.min(retry.firstMs * 2 ** (failures - 1), retry.maxMs) : null;
    const times = [expiry?.getTime(), retryAt].filter((at): at is number => at != null);
    if (times.length === 0 || stopped) return;
    const delay = Math.min(Math.max(0, Math.min(...times) - Date.now()) + marginMs, longestDelayMs);
    timer = setTimeout(() => void scheduler.request(), delay);
    // A pending expiry or retry must not keep a finished process (a script, a test) alive.
    timer.unref();
  };
  const scheduler = createApplyScheduler(async () => {
    let failed = true;
    try {
      failed = (await options.apply()).result === "failed";
    } finally {
      failures = failed ? failures + 1 : 0;
      arm(await options.nextExpiry());
    }
  });
  return {
    request: () => scheduler.request(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
