import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { deliverDueNotifications } from "@/lib/relay/outbox/deliver";
import { RateGate } from "@/lib/relay/outbox/rate-gate";
import { releaseAllLeases } from "@/lib/relay/outbox/rows";
import { editorsFromEnv, transportsFromEnv } from "@/lib/relay/transports/from-env";
import type { Editors, Transports } from "@/lib/relay/transports/transport";

/** A long-running job the worker hosts next to delivery (a chat bot, the monitoring reconcile loop…). */
export type WorkerTask = { start(): Promise<{ stop(): Promise<void> }> };
export type RunningWorker = { stop(): Promise<void> };

/**
 * Starts the outbox delivery loop and the given tasks. Passes never overlap: after a full batch the next pass
 * starts at once (a storm drains at the transports' pace), otherwise `intervalMs` after the previous one ended.
 * `stop()` waits for the pass in flight, then stops the tasks in reverse order.
 */
export async function startWorker(options: {
  db: Db;
  tasks?: readonly WorkerTask[];
  transports?: Transports;
  editors?: Editors;
  intervalMs?: number;
  batchSize?: number;
  /** How long a claimed notification stays with this worker before another may take it (it died). */
  leaseMs?: number;
  /** No other worker can exist (PGlite): leases left by a crashed predecessor are released at start. */
  soleWorker?: boolean;
}): Promise<RunningWorker> {
  const transports = options.transports ?? transportsFromEnv(env());
  const editors = options.editors ?? (options.transports ? {} : editorsFromEnv(env()));
  const intervalMs = options.intervalMs ?? 500;
  const limit = options.batchSize ?? 50;
  const rateGate = new RateGate();
  const publicUrl = env().PUBLIC_URL;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let currentPass: Promise<void> = Promise.resolve();

  const runPass = async (): Promise<boolean> => {
    try {
      const pass = await deliverDueNotifications(options.db, {
        transports,
        editors,
        rateGate,
        limit,
        publicUrl,
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      });
      if (pass.claimed > 0) log.info(pass, "delivery pass");
      return pass.claimed === limit;
    } catch (error) {
      // A database hiccup must not end the loop: the next pass retries.
      log.error({ err: error }, "delivery pass failed");
      return false;
    }
  };
  const schedule = (delayMs: number) => {
    if (stopping) return;
    timer = setTimeout(() => {
      currentPass = runPass().then((full) => schedule(full ? 0 : intervalMs));
    }, delayMs);
  };

  if (options.soleWorker) {
    const released = await releaseAllLeases(options.db);
    if (released > 0) log.info({ released }, "released the leases of a worker that did not stop cleanly");
  }
  const running: { stop(): Promise<void> }[] = [];
  try {
    for (const task of options.tasks ?? []) running.push(await task.start());
  } catch (error) {
    await stopAll(running);
    throw error;
  }
  schedule(intervalMs);
  log.info({ tasks: running.length, transports: Object.keys(transports) }, "worker started");

  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await currentPass;
      await stopAll(running);
      log.info("worker stopped");
    },
  };
}

async function stopAll(running: { stop(): Promise<void> }[]): Promise<void> {
  for (const task of [...running].reverse()) {
    try {
      await task.stop();
    } catch (error) {
      log.error({ err: error }, "worker task did not stop cleanly");
    }
  }
}
