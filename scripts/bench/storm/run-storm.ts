import type pg from "pg";
import type { RegisteredUser } from "@/scripts/synapse/register-user";
import { buildFiringAlerts, type NotifyCounters, postAlerts, readNotifyCounters, resolveAlerts } from "./alerts";
import { countDeliveries, type DeliveryCount } from "./count-deliveries";
import type { StormTarget } from "./database";
import { mapBounded, readBotEvents } from "./matrix-rooms";
import { listLeases, type OutboxSnapshot, type OutboxTimings, readOutbox, readOutboxTimings } from "./outbox-stats";
import type { RelayWorker } from "./relay-worker";

export type StormSetup = {
  peers: readonly string[];
  pool: pg.Pool;
  worker: RelayWorker;
  synapseUrl: string;
  bot: RegisteredUser;
  roomIds: readonly string[];
  targets: readonly StormTarget[];
};

export type StormOptions = {
  run: string;
  kills: number;
  timeoutMs: number;
  quietMs: number;
  log: (line: string) => void;
};

export type WorkerKill = { atMs: number; sentBefore: number; leased: number; restartMs: number };
export type StormResult = {
  count: DeliveryCount;
  firingPostedMs: number;
  resolvedPostedMs: number;
  /** When the outbox was empty and quiet; null when the run hit its timeout first. */
  settledMs: number | null;
  kills: WorkerKill[];
  outbox: OutboxTimings;
  /** Alertmanager's webhook posts during the storm, and how many failed (timed out) and were retried. */
  notify: NotifyCounters;
  readBackMs: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One storm: every target's alert fires on both peers, then resolves once intake has seen every group fire;
 * the worker is killed `kills` times at evenly spread points of the drain. Ends when the outbox stayed empty for
 * `quietMs` (or at `timeoutMs`), then reads every room back and counts.
 */
export async function runStorm(setup: StormSetup, options: StormOptions): Promise<StormResult> {
  const startedAt = new Date();
  const elapsed = () => Date.now() - startedAt.getTime();
  const deadline = startedAt.getTime() + options.timeoutMs;
  const notifyBefore = await readNotifyCounters(setup.peers);
  const firing = buildFiringAlerts(setup.targets, options.run, startedAt);
  await postAlerts(setup.peers, firing);
  const firingPostedMs = elapsed();
  options.log(`  ${firing.length} firing alerts posted to ${setup.peers.length} peers in ${firingPostedMs} ms`);

  let draining = true;
  const kills: WorkerKill[] = [];
  let killFailure: unknown;
  const stillLeased = new Set<string>();
  const expectedSends = 2 * setup.targets.length;
  const killing = (async () => {
    for (let k = 0; k < options.kills && draining; ) {
      const before = await readOutbox(setup.pool, startedAt);
      if (before.sent < ((k + 1) / (options.kills + 1)) * expectedSends) {
        await sleep(500);
        continue;
      }
      // Passes end all at once, so the threshold is crossed between passes: wait (bounded) for a pass in flight.
      await waitUntil(
        Date.now() + 10_000,
        async () => (await listLeases(setup.pool, startedAt)).some((lease) => !stillLeased.has(lease)),
        50,
      );
      const atMs = elapsed();
      await setup.worker.killWorker();
      // In flight: what the dead worker had claimed and not marked sent; leases of an earlier dead worker that
      // have not expired yet are not this kill's.
      const leased = (await listLeases(setup.pool, startedAt)).filter((id) => !stillLeased.has(id));
      leased.forEach((id) => stillLeased.add(id));
      const restartAt = Date.now();
      await setup.worker.startWorker();
      kills.push({ atMs, sentBefore: before.sent, leased: leased.length, restartMs: Date.now() - restartAt });
      options.log(
        `  kill ${k + 1} at ${atMs} ms: ${leased.length} leased in flight, ${before.sent} sent; restarted in ${Date.now() - restartAt} ms`,
      );
      k += 1;
    }
  })().catch((error: unknown) => {
    killFailure = error;
  });

  const reporter = setInterval(() => {
    readOutbox(setup.pool, startedAt).then(
      (now) =>
        options.log(
          `  ${Math.round(elapsed() / 1000)} s: ${now.firingGroups} groups fired at intake; ${now.total} notifications, ${now.pending} pending (${now.leased} leased), ${now.sent} sent, ${now.dead} dead`,
        ),
      () => {},
    );
  }, 15_000);

  try {
    // Bounded apart from the run: a storm that never fires fully must still resolve and be counted.
    const allFired = await waitUntil(
      startedAt.getTime() + options.timeoutMs / 2,
      async () => (await readOutbox(setup.pool, startedAt)).firingGroups >= setup.targets.length,
    );
    if (!allFired) options.log("  not every group reached intake as firing: resolving anyway");
    await postAlerts(setup.peers, resolveAlerts(firing));
    const resolvedPostedMs = elapsed();
    options.log(`  resolutions posted at ${resolvedPostedMs} ms`);

    const settledMs = await waitForQuietOutbox(setup.pool, startedAt, deadline, options, elapsed);
    draining = false;
    await killing;
    if (killFailure) throw killFailure;

    const notifyAfter = await readNotifyCounters(setup.peers);
    const readStarted = Date.now();
    const rooms = await mapBounded(setup.roomIds, 4, (roomId) =>
      readBotEvents(setup.synapseUrl, setup.bot, roomId, startedAt.getTime()),
    );
    const count = countDeliveries(rooms, new Set(setup.targets.map((target) => target.label)));
    if (count.lastFirstSeenMs !== null) count.lastFirstSeenMs -= startedAt.getTime();
    return {
      count,
      firingPostedMs,
      resolvedPostedMs,
      settledMs,
      kills,
      outbox: await readOutboxTimings(setup.pool, startedAt),
      notify: {
        attempted: notifyAfter.attempted - notifyBefore.attempted,
        failed: notifyAfter.failed - notifyBefore.failed,
      },
      readBackMs: Date.now() - readStarted,
    };
  } finally {
    clearInterval(reporter);
    draining = false;
    await killing;
  }
}

async function waitUntil(deadline: number, check: () => Promise<boolean>, intervalMs = 500): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** Settled: nothing pending and no new notification for `quietMs` (Alertmanager's late retries would add some). */
async function waitForQuietOutbox(
  pool: pg.Pool,
  since: Date,
  deadline: number,
  options: StormOptions,
  elapsed: () => number,
): Promise<number | null> {
  let last: OutboxSnapshot | undefined;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const now = await readOutbox(pool, since);
    if (!last || now.total !== last.total || now.pending > 0) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= options.quietMs) return elapsed() - options.quietMs;
    await sleep(1_000);
  }
  return null;
}
