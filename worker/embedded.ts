import { type Db, getDatabase } from "@/lib/db/client";
import { vacuumAnalyze } from "@/lib/db/maintenance";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startRelayListenerFromEnv } from "@/lib/relay/intake/listen";
import { periodicTask } from "./periodic-task";
import { startWorker } from "./start";
import { workerTasksFromEnv } from "./tasks";

const startedKey = Symbol.for("vigie.embedded-worker");
type GlobalWithWorker = typeof globalThis & { [startedKey]?: boolean };

/**
 * Runs the worker inside the web process: always with PGlite (one process owns its data folder), and with
 * PostgreSQL only when WORKER_EMBEDDED=true (otherwise `npm run worker` runs it apart).
 */
export async function startEmbeddedWorker(): Promise<void> {
  const holder = globalThis as GlobalWithWorker;
  if (holder[startedKey]) return;
  holder[startedKey] = true;
  const handle = await getDatabase();
  const mode = env().WORKER_EMBEDDED;
  if (mode === "false" || (mode === "auto" && handle.kind === "postgres")) {
    // Whoever runs the worker holds RELAY_LISTEN: here, the standalone worker.
    const relayListen = env().RELAY_LISTEN;
    log.info(
      { relayListen },
      relayListen
        ? "worker not embedded: `npm run worker` runs it and serves Alertmanager's posts on RELAY_LISTEN"
        : "worker not embedded: run it with `npm run worker`",
    );
    return;
  }
  await startRelayListenerInProcess(handle.db);
  // PGlite allows one process, so no other worker can hold a lease: the ones left by a crash are released at once.
  const tasks = workerTasksFromEnv(handle.db);
  // PGlite has no autovacuum: the worker, its only user besides the pages, vacuums and analyzes it.
  if (handle.kind === "pglite")
    tasks.push(periodicTask("database maintenance", () => vacuumAnalyze(handle.db), 15 * 60_000, { runAtStart: true }));
  await startWorker({ db: handle.db, tasks, soleWorker: handle.kind === "pglite" });
}

/**
 * Without a token no post could be accepted: the portal keeps running (the monitoring configuration is not written
 * either). A taken port fails the start: Alertmanager would post to whoever holds it.
 */
async function startRelayListenerInProcess(db: Db): Promise<void> {
  if (env().RELAY_LISTEN && !env().WEBHOOK_TOKEN) {
    log.error("RELAY_LISTEN is set but WEBHOOK_TOKEN is not: the relay listener is not started, no alert can come in");
    return;
  }
  try {
    await startRelayListenerFromEnv(db);
  } catch (error) {
    log.fatal({ err: error }, "the relay listener did not start");
    throw error;
  }
}
