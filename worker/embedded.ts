import { getDatabase } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
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
    log.info("worker not embedded: run it with `npm run worker`");
    return;
  }
  // PGlite allows one process, so no other worker can hold a lease: the ones left by a crash are released at once.
  await startWorker({ db: handle.db, tasks: workerTasksFromEnv(handle.db), soleWorker: handle.kind === "pglite" });
}
