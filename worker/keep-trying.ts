import { log } from "@/lib/log";
import type { WorkerTask } from "./start";

/**
 * Wraps a task whose start depends on another server (the Matrix homeserver): the worker starts at once and
 * the task keeps trying in the background, so a homeserver that is down at boot never stops delivery or the web.
 */
export function keepTrying(name: string, task: WorkerTask, delays = { firstMs: 1_000, maxMs: 60_000 }): WorkerTask {
  return {
    async start() {
      let stopped = false;
      let running: { stop(): Promise<void> } | undefined;
      let timer: NodeJS.Timeout | undefined;
      let attempt: Promise<void> = Promise.resolve();
      const tryStart = (delayMs: number) => {
        attempt = task.start().then(
          async (started) => {
            if (stopped) await started.stop();
            else running = started;
          },
          (error: unknown) => {
            log.warn({ err: error, task: name, retryInMs: delayMs }, "worker task failed to start");
            if (!stopped) timer = setTimeout(() => tryStart(Math.min(delayMs * 2, delays.maxMs)), delayMs);
          },
        );
      };
      tryStart(delays.firstMs);
      return {
        async stop() {
          stopped = true;
          clearTimeout(timer);
          await attempt;
          await running?.stop();
        },
      };
    },
  };
}
