import { getDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startMetricsServer } from "@/lib/metrics/listen";
import { processMetrics } from "@/lib/metrics/registry";
import { startRelayListenerFromEnv } from "@/lib/relay/intake/listen";
import { startWorker } from "./start";
import { workerTasksFromEnv } from "./tasks";

/**
 * The standalone worker process (systemd `vigie-worker`). It needs PostgreSQL: PGlite's data folder belongs to
 * the web process, which then runs the worker inside itself.
 */
async function main(): Promise<void> {
  const handle = await getDatabase();
  if (handle.kind !== "postgres") {
    log.fatal("the standalone worker needs DATABASE_URL (PostgreSQL); with PGlite the web process runs the worker");
    await handle.close();
    process.exit(1);
  }
  // Deliveries are recorded in this process, not the web server's: the scraper reads them here.
  // Bound before any work is claimed, so a taken port fails the start rather than a running worker.
  const listen = env().WORKER_METRICS_LISTEN;
  const metricsServer = listen
    ? await startMetricsServer({
        ...listen,
        registry: processMetrics().registry,
        token: env().METRICS_TOKEN,
        open: env().METRICS_OPEN,
      })
    : undefined;
  // Alertmanager's posts, recorded here rather than through Next.js; also bound before any work is claimed.
  const relayListener = await startRelayListenerFromEnv(handle.db);
  const worker = await startWorker({ db: handle.db, tasks: workerTasksFromEnv(handle.db) });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker shutting down");
    // Answer the posts in flight before the database goes away; Alertmanager retries the ones refused meanwhile.
    await relayListener?.close();
    await worker.stop();
    await metricsServer?.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
