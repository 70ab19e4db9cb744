import { type ApplyScheduler, createApplyScheduler } from "./apply-scheduler";

export type MonitoringSync = ApplyScheduler & {
  /** Disarms the expiry timer (tests, shutdown); later requests still run. */
  stop(): void;
};

/** setTimeout's longest delay (~24.8 days): a later expiry is reached in hops, each one a harmless sync. */
const longestDelayMs = 2 ** 31 - 1;
/** Timers may fire a millisecond early; the renderer drops a credential only once `now >= validUntil`. */
const marginMs = 50;

/**
 * The apply scheduler, plus the one change no admin makes: a rotated antenna's previous password stops being
 * valid at `previousValidUntil`, and vmauth.yml must then be rendered without it. After each run the timer is
 * re-armed on the earliest future expiry, so a sync runs then (and at the next one, and so on).
 */
export function createMonitoringSync(options: {
  apply: () => Promise<unknown>;
  nextExpiry: () => Promise<Date | null>;
}): MonitoringSync {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (at: Date | null) => {
    clearTimeout(timer);
    timer = undefined;
    if (!at || stopped) return;
    const delay = Math.min(Math.max(0, at.getTime() - Date.now()) + marginMs, longestDelayMs);
    timer = setTimeout(() => void scheduler.request(), delay);
    // A pending expiry must not keep a finished process (a script, a test) alive.
    timer.unref();
  };
  const scheduler = createApplyScheduler(async () => {
    try {
      await options.apply();
    } finally {
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
