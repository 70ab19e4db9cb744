import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import type { BenchDatabase } from "./database";
import { serverLogLevel } from "./quiet-log";

export type BenchServer = { webhookUrl: string; logFile: string; pid: number; stop(): Promise<void> };

/**
 * CPU time (user + system) the server process has used so far, from /proc (Linux). With PGlite that includes the
 * database; PostgreSQL's own backends are other processes and not counted.
 */
export function readCpuMs(server: BenchServer): number {
  // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are 14 and 15.
  const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
}

// USER_HZ is 100 on every Linux this runs on (x86-64 and arm64 builds); /proc reports CPU time in those ticks.
const clockTicksPerSecond = 100;

/**
 * `next start` of the existing production build, configured as in production but with nothing to talk to: no
 * monitoring stack, no Matrix, dummy OIDC (only read when someone signs in). `worker` embeds the delivery worker
 * (PGlite always embeds it in production; without transports it claims due rows and reschedules them).
 */
export async function startPortal(options: {
  database: BenchDatabase;
  token: string;
  worker: boolean;
}): Promise<BenchServer> {
  if (!existsSync(path.resolve(".next/BUILD_ID"))) {
    throw new Error("no production build in .next: run `npm run build` first (this bench never builds)");
  }
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const { dataDir, databaseUrl } = options.database;
  const web = startService(
    "bench-portal",
    path.resolve("node_modules/.bin/next"),
    ["start", "-H", "127.0.0.1", "-p", String(port)],
    {
      logDir: dataDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        VIGIE_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        PUBLIC_URL: base,
        AUTH_SECRET: "bench-auth-secret-not-used-for-webhooks",
        OIDC_ISSUER: "http://127.0.0.1:9/oidc",
        OIDC_CLIENT_ID: "vigie-bench",
        OIDC_CLIENT_SECRET: "vigie-bench",
        WEBHOOK_TOKEN: options.token,
        MONITORING_CONFIG_DIR: path.join(dataDir, "monitoring"),
        WORKER_EMBEDDED: options.worker ? "true" : "false",
        LOG_LEVEL: serverLogLevel,
      },
    },
  );
  try {
    await waitForHealthy(web, `${base}/api/health`, 60_000);
  } catch (error) {
    await stopServices([web]);
    throw error;
  }
  return {
    webhookUrl: `${base}/api/alertmanager/webhook`,
    logFile: web.logFile,
    pid: web.child.pid!,
    stop: () => stopServices([web]),
  };
}

/** The floor server (floor-server.ts) in its own process, on the same database kind as the portal it is compared with. */
export async function startFloor(options: { database: BenchDatabase; token: string }): Promise<BenchServer> {
  const port = await findFreePort();
  const { dataDir, databaseUrl } = options.database;
  const store = databaseUrl ? ["--database-url", databaseUrl] : ["--data-dir", path.join(dataDir, "floor-pg")];
  const floor = await startScript(
    "bench-floor",
    "scripts/bench/floor-server.ts",
    ["--port", String(port), "--token", options.token, ...store],
    {
      logDir: dataDir,
      healthUrl: `http://127.0.0.1:${port}/health`,
    },
  );
  return { ...floor, webhookUrl: `http://127.0.0.1:${port}/` };
}

/**
 * The relay's own listener (relay-server.ts) in its own process, on the bench database the portal would use
 * (PGlite in `<dataDir>/pg`), logging at the portal's level. `countTransactions` reads its intake transactions.
 */
export async function startRelay(options: {
  database: BenchDatabase;
  token: string;
}): Promise<BenchServer & { countTransactions(): Promise<number> }> {
  const [port, statsPort] = [await findFreePort(), await findFreePort()];
  const { dataDir, databaseUrl } = options.database;
  const store = databaseUrl ? ["--database-url", databaseUrl] : ["--data-dir", path.join(dataDir, "pg")];
  const relay = await startScript(
    "bench-relay",
    "scripts/bench/relay-server.ts",
    ["--port", String(port), "--stats-port", String(statsPort), "--token", options.token, ...store],
    { logDir: dataDir, healthUrl: `http://127.0.0.1:${port}/healthz`, logLevel: serverLogLevel },
  );
  const countTransactions = async () => {
    const stats = (await (await fetch(`http://127.0.0.1:${statsPort}/`)).json()) as { transactions: number };
    return stats.transactions;
  };
  return { ...relay, webhookUrl: `http://127.0.0.1:${port}/api/alertmanager/webhook`, countTransactions };
}

async function startScript(
  name: string,
  script: string,
  args: string[],
  options: { logDir: string; healthUrl: string; logLevel?: string },
): Promise<Omit<BenchServer, "webhookUrl">> {
  // Node itself with tsx's loader (not the tsx CLI, which forks): the process measured is the server.
  const service = startService(name, process.execPath, ["--import", "tsx", script, ...args], {
    logDir: options.logDir,
    // TSX_TSCONFIG_PATH: tsx's settings outside Next.js (tsconfig.node.json: `server-only` is an empty module there).
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      TSX_TSCONFIG_PATH: "tsconfig.node.json",
      ...(options.logLevel && { LOG_LEVEL: options.logLevel }),
    },
  });
  try {
    // Long enough for a first migration of PGlite on a busy machine.
    await waitForHealthy(service, options.healthUrl, 60_000);
  } catch (error) {
    await stopServices([service]);
    throw error;
  }
  return { logFile: service.logFile, pid: service.child.pid!, stop: () => stopServices([service]) };
}
