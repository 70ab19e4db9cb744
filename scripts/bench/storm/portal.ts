import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "@/scripts/lib/free-port";
import { startService, stopServices, waitForHealthy, type Service } from "@/scripts/lib/services";

export type PortalOptions = {
  databaseUrl: string;
  webhookToken: string;
  matrix: { homeserverUrl: string; botUserId: string; botAccessToken: string };
  /** Logs and the web process's data folder. */
  workDir: string;
};

export type Portal = {
  webhookUrl: string;
  /** Starts the standalone worker (once none runs) and resolves when it logged "worker started". */
  startWorker(): Promise<void>;
  /** SIGKILL, as a crash would: no graceful stop, leases stay taken. Resolves once the process is gone. */
  killWorker(): Promise<void>;
  stop(): Promise<void>;
};

/** The production build `next start` serves; the bench refuses to run without it rather than build it. */
export function requireProductionBuild(): void {
  if (!existsSync(path.resolve(".next/BUILD_ID"))) throw new Error("no production build in .next: run `next build` first");
}

/**
 * The web server (`next start`, worker not embedded) and the worker as a process of its own, both on the same
 * PostgreSQL database, so the worker can be killed and restarted while the webhook keeps taking alerts.
 */
export async function startPortal(options: PortalOptions): Promise<Portal> {
  mkdirSync(options.workDir, { recursive: true });
  const port = await findFreePort();
  const common = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: options.databaseUrl,
    VIGIE_DATA_DIR: path.join(options.workDir, "data"),
    LOG_LEVEL: "info",
  };
  const web = startService("web", path.resolve("node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    logDir: options.workDir,
    env: {
      ...common,
      NEXT_TELEMETRY_DISABLED: "1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      WEBHOOK_TOKEN: options.webhookToken,
      WORKER_EMBEDDED: "false",
    },
  });
  const services: Service[] = [web];
  let worker: Service | undefined;
  let workerStarts = 0;
  try {
    await waitForHealthy(web, `http://127.0.0.1:${port}/api/health`, 60_000);
  } catch (error) {
    await stopServices(services);
    throw error;
  }

  return {
    webhookUrl: `http://127.0.0.1:${port}/api/alertmanager/webhook`,
    async startWorker() {
      if (worker && worker.child.exitCode === null && worker.child.signalCode === null) throw new Error("a worker already runs");
      workerStarts += 1;
      // `node --import tsx` rather than `npm run worker`: npm and the tsx CLI each add a parent process, and a
      // SIGKILL sent to a parent would leave the real worker running.
      worker = startService(`worker-${workerStarts}`, process.execPath, ["--import", "tsx", "worker/main.ts"], {
        logDir: options.workDir,
        env: {
          ...common,
          MATRIX_HOMESERVER_URL: options.matrix.homeserverUrl,
          MATRIX_BOT_USER_ID: options.matrix.botUserId,
          MATRIX_BOT_ACCESS_TOKEN: options.matrix.botAccessToken,
        },
      });
      services.push(worker);
      await waitForLogLine(worker, "worker started", 120_000);
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
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited (${service.child.exitCode}); see ${service.logFile}`);
    if (existsSync(service.logFile) && readFileSync(service.logFile, "utf8").includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} did not log "${text}" within ${timeoutMs} ms; see ${service.logFile}`);
}
