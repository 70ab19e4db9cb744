import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { TargetPolicy } from "@/lib/targets/admission";
import { recheckProbedTargets } from "@/lib/targets/recheck";
import { periodicTask } from "./periodic-task";
import type { WorkerTask } from "./start";

export const addressRecheckIntervalMs = 24 * 60 * 60_000;

/**
 * Once a day (and at start, or a worker restarted more often would never run it), resolves every probed host
 * again and pauses the targets whose names moved to refused addresses; then the monitoring files follow, so
 * blackbox stops probing them.
 */
export function addressRecheckTask(options: { db: Db; policy: () => TargetPolicy; sync: () => void; intervalMs?: number }): WorkerTask {
  return periodicTask(
    "probed address re-check",
    async () => {
      const result = await recheckProbedTargets(options.db, options.policy());
      if (result.paused.length === 0) return;
      // Target ids are pseudonyms; the names and addresses stay out of the log.
      log.warn({ targets: result.paused, checked: result.checked }, "targets paused: their names now reach refused addresses");
      options.sync();
    },
    options.intervalMs ?? addressRecheckIntervalMs,
    { runAtStart: true },
  );
}
