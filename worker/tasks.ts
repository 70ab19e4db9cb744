import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { startMatrixBot } from "@/lib/relay/bots/matrix-bot";
import { keepTrying } from "./keep-trying";
import type { WorkerTask } from "./start";

/** What the worker runs next to delivery, as configured by the environment. */
export function workerTasksFromEnv(db: Db): WorkerTask[] {
  const settings = env();
  const tasks: WorkerTask[] = [
    {
      // The files on disk may predate this version or a crash: make them match the database at start.
      async start() {
        requestMonitoringSync();
        return { stop: async () => {} };
      },
    },
  ];
  if (settings.MATRIX_HOMESERVER_URL && settings.MATRIX_BOT_USER_ID && settings.MATRIX_BOT_ACCESS_TOKEN) {
    const matrix = {
      homeserverUrl: settings.MATRIX_HOMESERVER_URL,
      userId: settings.MATRIX_BOT_USER_ID,
      accessToken: settings.MATRIX_BOT_ACCESS_TOKEN,
    };
    tasks.push(keepTrying("matrix-bot", { start: () => startMatrixBot({ db, ...matrix }) }));
  } else {
    log.warn("Matrix bot disabled: set MATRIX_HOMESERVER_URL, MATRIX_BOT_USER_ID and MATRIX_BOT_ACCESS_TOKEN");
  }
  return tasks;
}
