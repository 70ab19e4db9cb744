import type { StormResult } from "./run-storm";
import { summariseWorkerPasses } from "./worker-passes";

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);

/** The figures of one storm; times are from the first alert posted to Alertmanager. */
export function printStormResult(
  result: StormResult,
  options: { logDir: string; sinceMs: number; log: (line: string) => void },
): void {
  const { count, outbox, log } = { ...result, log: options.log };
  const expected = count.firing.delivered + count.firing.lost;
  log(
    `  time to deliver all:  ${count.firing.lost + count.resolved.lost === 0 ? seconds(count.lastFirstSeenMs) : `not all delivered (last seen ${seconds(count.lastFirstSeenMs)})`}`,
  );
  log(
    `  duplicates:           ${count.firing.duplicates + count.resolved.duplicates} (firing ${count.firing.duplicates}, resolved ${count.resolved.duplicates})`,
  );
  log(
    `  lost:                 ${count.firing.lost + count.resolved.lost} (firing ${count.firing.lost}, resolved ${count.resolved.lost}) of ${2 * expected} state changes`,
  );
  log(
    `  resolutions seen as:  ${count.resolvedByMessage} messages, ${count.resolvedByEdit} edits (m.replace); stale firing after resolved: ${count.staleFiring}; foreign labels: ${count.unexpected}`,
  );
  log(
    `  settled:              ${result.settledMs === null ? "no (timeout)" : seconds(result.settledMs)}; rooms read back in ${seconds(result.readBackMs)}`,
  );
  log(
    `  Alertmanager webhook:  ${result.notify.attempted} posts by the pair, ${result.notify.failed} failed (timeout or error, then retried)`,
  );
  for (const status of outbox.byStatus) {
    log(
      `  intake ${status.status.padEnd(8)}      ${status.rows} notifications stored from ${seconds(status.firstCreatedMs)} to ${seconds(status.lastCreatedMs)}, last sent ${seconds(status.lastSentMs)}`,
    );
  }
  log(
    `  outbox latency:       created → sent p50 ${seconds(outbox.latencyP50)}, p99 ${seconds(outbox.latencyP99)}; ${outbox.retried} claimed more than once`,
  );
  const passes = summariseWorkerPasses(options.logDir, options.sinceMs);
  log(
    `  worker passes:        ${passes.passes} passes, ${passes.claimed} claims, median ${passes.medianClaimed} per pass, median ${seconds(passes.medianGapMs)} between passes`,
  );
  for (const [index, kill] of result.kills.entries()) {
    log(
      `  kill ${index + 1}:               at ${seconds(kill.atMs)}, ${kill.leased} leased in flight, ${kill.sentBefore} sent before; worker back in ${seconds(kill.restartMs)}`,
    );
  }
}
