import { log } from "@/lib/log";

export type ApplyScheduler = {
  /** Asks for a run; resolves when a run that started after this request has finished. */
  request(): Promise<void>;
};

/**
 * One run at a time; requests arriving while a run is in progress share a single run after it, so a burst of
 * edits costs at most two applies. A failing run is logged and does not block later ones.
 */
export function createApplyScheduler(run: () => Promise<unknown>): ApplyScheduler {
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  const runSafely = async () => {
    queued = undefined; // from here on, a new request needs a new run: this one may have read old state
    try {
      await run();
    } catch (error) {
      log.error({ err: error }, "monitoring apply failed");
    }
  };
  return {
    request() {
      if (queued) return queued;
      queued = tail.then(runSafely);
      tail = queued;
      return queued;
    },
  };
}
