import { log } from "@/lib/log";
import type { WorkerTask } from "./start";

/**
 * A worker task that runs `pass` every `intervalMs` (and once at start with `runAtStart`), one pass at a time; a
 * failed pass is logged and the next one runs as planned. `stop()` waits for the pass in flight.
 */
export function periodicTask(
  name: string,
  pass: () => Promise<unknown>,
  intervalMs = 60_000,
  options: { runAtStart?: boolean } = {},
): WorkerTask {
  return {
    async start() {
      let running: Promise<unknown> = Promise.resolve();
      const runPass = () => {
        running = running.then(() => pass().catch((error: unknown) => log.warn({ err: error }, `${name} failed`)));
      };
      if (options.runAtStart) runPass();
      const timer = setInterval(runPass, intervalMs);
      return {
        stop: async () => {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
}
