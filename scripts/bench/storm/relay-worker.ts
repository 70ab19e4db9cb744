import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "@/lib/net/free-port";
import { type Service, startService, stopServices, waitForHealthy } from "@/scripts/lib/services";

export type RelayWorkerOptions = {
  databaseUrl: string;
  webhookToken: string;
  matrix: { homeserverUrl: string; botUserId: string; botAccessToken: string };
  /** Logs and the worker's data folder. */
  workDir: string;
};

export type RelayWorker = {
  /** Where Alertmanager posts: the worker's relay listener, on the same port across restarts. */
  webhookUrl: string;
  /** Starts the worker (once none runs); resolves when it logged "worker started" and its listener answers. */
  startWorker(): Promise<void>;
  /** SIGKILL, as a crash would: no graceful stop, leases stay taken. Resolves once the process is gone. */
  killWorker(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The standalone worker on PostgreSQL, serving Alertmanager's posts itself (RELAY_LISTEN), as production runs it.
 * Nothing else is needed: the members and channels are seeded in the database and the bench writes the pair's
 * configuration, so no web server runs. Killing the worker also interrupts intake: Alertmanager retries.
 */
export async function prepareRelayWorker(options: RelayWorkerOptions): Promise<RelayWorker> {
  mkdirSync(options.workDir, { recursive: true });
  // Chosen once: Alertmanager's configuration names it, so each restarted worker must listen there again.
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const services: Service[] = [];
  let worker: Service | undefined;
  let workerStarts = 0;

  return {
    webhookUrl: `${base}/api/alertmanager/webhook`,
    async startWorker() {
      if (worker && worker.child.exitCode === null && worker.child.signalCode === null)
        throw new Error("a worker already runs");
      workerStarts += 1;
      // `node --import tsx` rather than `npm run worker`: npm and the tsx CLI each add a parent process, and a
      // SIGKILL sent to a parent would leave the real worker running.
      worker = startService(`worker-${workerStarts}`, process.execPath, ["--import", "tsx", "worker/main.ts"], {
        logDir: options.workDir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          // tsx's settings outside Next.js (tsconfig.node.json: `server-only` is an empty module there).
          TSX_TSCONFIG_PATH: "tsconfig.node.json",
          DATABASE_URL: options.databaseUrl,
          VIGIE_DATA_DIR: path.join(options.workDir, "data"),
          LOG_LEVEL: "info",
          RELAY_LISTEN: `127.0.0.1:${port}`,
          WEBHOOK_TOKEN: options.webhookToken,
          MATRIX_HOMESERVER_URL: options.matrix.homeserverUrl,
          MATRIX_BOT_USER_ID: options.matrix.botUserId,
          MATRIX_BOT_ACCESS_TOKEN: options.matrix.botAccessToken,
        },
      });
      services.push(worker);
      await waitForLogLine(worker, "worker started", 120_000);
      await waitForHealthy(worker, `${base}/healthz`, 30_000);
    },
    async killWorker() {
      const child = worker?.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error("no worker runs");
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    stop: () => stopServices(services),
  };
}

async function waitForLogLine(service: Service, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited (${service.child.exitCode}); see ${service.logFile}`);
    if (existsSync(service.logFile) && readFileSync(service.logFile, "utf8").includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not log "${text}" within ${timeoutMs} ms; see ${service.logFile}`);
}
