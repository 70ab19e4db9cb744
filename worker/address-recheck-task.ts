import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { TargetPolicy } from "@/lib/targets/admission";
import { recheckProbedTargets } from "@/lib/targets/recheck";
import { periodicTask } from "./periodic-task";
import type { WorkerTask } from "./start";

export const addressRecheckIntervalMs = 24 * 60 * 60_000;

/**
 * Once a day (and at start, or a worker restarted more often would never run it), resolves every probed host
 * again, pauses the targets whose names moved to refused addresses and sends back to review the auto-approved ones
 * that left the auto-approved networks; then the monitoring files follow, so blackbox stops probing them.
 */
export function addressRecheckTask(options: {
  db: Db;
  policy: () => TargetPolicy;
  sync: () => void;
  intervalMs?: number;
}): WorkerTask {
  return periodicTask(
    "probed address re-check",
    async () => {
      const result = await recheckProbedTargets(options.db, options.policy());
      // Target ids are pseudonyms; the names and addresses stay out of the log.
      if (result.paused.length > 0)
        log.warn(
          { targets: result.paused, checked: result.checked },
          "targets paused: their names now reach refused addresses",
        );
      if (result.sentToReview.length > 0) {
        log.warn(
          { targets: result.sentToReview, checked: result.checked },
          "targets sent back to review: their names left the auto-approved networks",
        );
      }
      if (result.paused.length > 0 || result.sentToReview.length > 0) options.sync();
    },
    options.intervalMs ?? addressRecheckIntervalMs,
    { runAtStart: true },
  );
}
