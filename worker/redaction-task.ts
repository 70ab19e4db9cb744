import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { redactExpiredMessages } from "@/lib/relay/sweeps/redaction";
import { createMatrixApi, type MatrixTransportConfig } from "@/lib/relay/transports/matrix";
import type { WorkerTask } from "./start";

export const redactionIntervalMs = 5 * 60_000;

/**
 * Every few minutes, redacts the bot's alert messages older than each member's retention setting. A pass starts
 * `intervalMs` after the previous one ended, so passes never overlap; `stop()` waits for the pass in flight.
 */
export function redactionTask(options: { db: Db; matrix: MatrixTransportConfig; intervalMs?: number }): WorkerTask {
  const intervalMs = options.intervalMs ?? redactionIntervalMs;
  return {
    async start() {
      const api = createMatrixApi(options.matrix);
      let stopping = false;
      let timer: NodeJS.Timeout | undefined;
      const runPass = async () => {
        try {
          const pass = await redactExpiredMessages(options.db, api);
          if (pass.redacted + pass.abandoned + pass.deferred > 0) log.info(pass, "redaction pass");
        } catch (error) {
          // A database hiccup must not end the loop: the next pass retries.
          log.error({ err: error }, "redaction pass failed");
        }
      };
      const schedule = () => {
        if (stopping) return;
        timer = setTimeout(() => {
          current = runPass().finally(schedule);
        }, intervalMs);
      };
      let current: Promise<void> = runPass().finally(schedule);
      return {
        async stop() {
          stopping = true;
          clearTimeout(timer);
          await current;
        },
      };
    },
  };
}
