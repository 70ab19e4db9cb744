/**
 * Alertmanager webhook intake on PGlite and PostgreSQL, with the load generator on this machine, through the
 * relay's own listener (relay-server.ts, the production path) and through the Next.js route (`next start` of the
 * production build, "portal"); "floor" is a bare node:http server that only parses and inserts one row. A profile
 * says where one post's time goes. Prints figures, asserts nothing.
 * Usage: npm run bench:intake -- [--db pglite|postgres|both] [--servers relay,portal,floor] [--connections 32]
 *   [--seconds 10] [--warmup 2] [--members 2000] [--duplicates 10] [--resolutions 10] [--worker] [--floor]
 *   [--profile-posts 300]
 * --servers defaults to relay,portal, plus floor with --floor; --worker embeds the delivery worker in the portal.
 */
import "./quiet-log";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAlertMix, type MixShares } from "./alert-mix";
import {
  type BenchDatabase,
  type BenchDatabaseKind,
  countFloorRows,
  countRows,
  createBenchDatabase,
  openBenchDatabase,
  seedMembers,
} from "./database";
import { type LoadOptions, type LoadResult, runLoad } from "./load";
import { type PhaseTimes, profileHandler } from "./profile";
import { type BenchServer, readCpuMs, startFloor, startPortal, startRelay } from "./servers";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "both" },
    connections: { type: "string", default: "32" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    members: { type: "string", default: "2000" },
    duplicates: { type: "string", default: "10" },
    resolutions: { type: "string", default: "10" },
    worker: { type: "boolean", default: false },
    servers: { type: "string" },
    floor: { type: "boolean", default: false },
    "profile-posts": { type: "string", default: "300" },
    "postgres-url": { type: "string", default: "postgres://vigie:vigie@127.0.0.1:5432/postgres" },
  },
});
if (!["pglite", "postgres", "both"].includes(args.db)) throw new Error("--db is pglite, postgres or both");
const kinds: BenchDatabaseKind[] = args.db === "both" ? ["pglite", "postgres"] : [args.db as BenchDatabaseKind];
const serverKinds = ["relay", "portal", "floor"] as const;
type ServerKind = (typeof serverKinds)[number];
const servers = (args.servers ?? (args.floor ? "relay,portal,floor" : "relay,portal")).split(",") as ServerKind[];
if (!servers.every((server) => serverKinds.includes(server)))
  throw new Error(`--servers lists some of ${serverKinds.join(",")}`);
const connections = Number(args.connections);
const timing = { warmupSeconds: Number(args.warmup), seconds: Number(args.seconds) };
const shares: MixShares = { duplicates: Number(args.duplicates), resolutions: Number(args.resolutions) };
const token = randomBytes(24).toString("base64url");

type Row = LoadResult & { database: string; server: string; rows: string; cpuMsPerPost: number; batch: string };
const table: Row[] = [];
const profiles: [string, PhaseTimes][] = [];

// Everything started is stopped on the way out, also on Ctrl-C or an error half-way.
const cleanups: (() => Promise<void>)[] = [];
const cleanUp = async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch((error) => console.error(`cleanup: ${String(error)}`));
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function withServer<T>(server: BenchServer, measure: (server: BenchServer) => Promise<T>): Promise<T> {
  cleanups.push(server.stop);
  try {
    return await measure(server);
  } finally {
    cleanups.splice(cleanups.indexOf(server.stop), 1);
    await server.stop();
  }
}

/** The load, and the server process's CPU time per post over it (the scarce resource on a 2-core machine). */
async function measureLoad(
  server: BenchServer,
  options: Omit<LoadOptions, "url" | "token">,
): Promise<LoadResult & { cpuMsPerPost: number }> {
  const cpuBefore = readCpuMs(server);
  const result = await runLoad({ url: server.webhookUrl, token, ...options });
  return { ...result, cpuMsPerPost: (readCpuMs(server) - cpuBefore) / result.sentTotal };
}

async function benchDatabase(kind: BenchDatabaseKind, workDir: string): Promise<void> {
  // Each server and the profile get a fresh database: the mix starts its groups over each time, so on a shared
  // one the second server would only meet groups already stored, and the row counts would mix.
  for (const server of servers) {
    await withDatabase(kind, path.join(workDir, kind, server), (database) =>
      server === "floor" ? benchFloor(database) : benchIntake(server, database),
    );
  }
  await withDatabase(kind, path.join(workDir, kind, "profile"), async (database) => {
    const handle = await openBenchDatabase(database);
    try {
      const newFiringMix = createAlertMix(await seedMembers(handle, Number(args.members)), {
        duplicates: 0,
        resolutions: 0,
      });
      profiles.push([
        kind,
        await profileHandler({
          db: handle.db,
          token,
          posts: Number(args["profile-posts"]),
          nextBody: () => newFiringMix.nextPost().body,
        }),
      ]);
    } finally {
      await handle.close();
    }
  });
}

async function withDatabase(
  kind: BenchDatabaseKind,
  dataDir: string,
  bench: (database: BenchDatabase) => Promise<void>,
): Promise<void> {
  const database = await createBenchDatabase(kind, dataDir, args["postgres-url"]);
  cleanups.push(database.drop);
  try {
    await bench(database);
  } finally {
    cleanups.splice(cleanups.indexOf(database.drop), 1);
    await database.drop();
  }
}

/** The relay listener or the Next.js route: 32 connections, then one (no queueing: the cost of one post end to end). */
async function benchIntake(server: "relay" | "portal", database: BenchDatabase): Promise<void> {
  const seeding = await openBenchDatabase(database);
  const seeded = await seedMembers(seeding, Number(args.members)).finally(() => seeding.close());
  const mix = createAlertMix(seeded, shares);
  const started: BenchServer & { countTransactions?: () => Promise<number> } =
    server === "relay"
      ? await startRelay({ database, token })
      : await startPortal({ database, token, worker: args.worker });
  console.log(`${database.kind} ${server}: ${seeded.length} members seeded, server started (log ${started.logFile})`);
  // Posts sent per intake transaction: the batches the relay's group commit formed (the portal does not tell).
  const measure = async (options: Omit<LoadOptions, "url" | "token">) => {
    const before = (await started.countTransactions?.()) ?? 0;
    const result = await measureLoad(started, options);
    const transactions = ((await started.countTransactions?.()) ?? 0) - before;
    return { ...result, batch: transactions > 0 ? (result.sentTotal / transactions).toFixed(1) : "—" };
  };
  const [loaded, single] = await withServer(started, async () => [
    await measure({ connections, ...timing, nextPost: mix.nextPost }),
    await measure({ connections: 1, warmupSeconds: 1, seconds: 3, nextPost: mix.nextPost }),
  ]);
  const inspect = await openBenchDatabase(database);
  const stored = await countRows(inspect, "notifications").finally(() => inspect.close());
  const rows = `${stored} of ${mix.counts.new + mix.counts.resolved}`;
  table.push(
    { ...loaded, database: database.kind, server, rows },
    { ...single, database: database.kind, server, rows: "(same)" },
  );
}

async function benchFloor(database: BenchDatabase): Promise<void> {
  // The floor only needs ids for its payloads: it reads no member.
  const members = Array.from({ length: Number(args.members) }, (_, i) => ({
    memberId: `m_floor${i}`,
    targetId: `t_floor${i}`,
  }));
  const mix = createAlertMix(members, shares);
  const floor = await startFloor({ database, token });
  const loaded = await withServer(floor, (server) =>
    measureLoad(server, { connections, ...timing, nextPost: mix.nextPost }),
  );
  const rows = `${await countFloorRows(database)} of ${mix.counts.new + mix.counts.resolved}`;
  table.push({ ...loaded, database: database.kind, server: "floor", rows, batch: "—" });
}

function printResults(): void {
  const ms = (value: number) => value.toFixed(1);
  const header = [
    "database",
    "server",
    "connections",
    "posts",
    "posts/s",
    "p50 ms",
    "p99 ms",
    "max ms",
    "errors",
    "rows stored",
    "CPU ms/post",
    "batch",
  ];
  const lines = table.map((r) =>
    [
      r.database,
      r.server,
      r.connections,
      r.posts,
      Math.round(r.postsPerSecond),
      ms(r.p50Ms),
      ms(r.p99Ms),
      ms(r.maxMs),
      r.errors,
      r.rows,
      r.cpuMsPerPost.toFixed(2),
      r.batch,
    ].map(String),
  );
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(
    `\nmix: ${100 - shares.duplicates - shares.resolutions}% new firing groups, ${shares.duplicates}% repeated posts, ${shares.resolutions}% resolutions; ${timing.seconds} s measured after ${timing.warmupSeconds} s warm-up`,
  );
  console.log(
    "servers: relay = the relay's own listener (lib/relay/intake/listen.ts), portal = the Next.js route, floor = parse + one insert",
  );
  console.log(
    "rows stored: outbox rows at the end of all runs on that server (own database; warm-ups included) of the rows the new and resolved posts owe",
  );
  console.log(
    "CPU ms/post: the server process's CPU time over the run (warm-up included) per post sent; PostgreSQL's own processes not counted",
  );
  console.log("batch: posts sent per intake transaction over the run (warm-up included), the relay's group commit\n");
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  for (const row of table.filter((r) => r.firstError))
    console.log(`first error (${row.database} ${row.server}, ${row.connections} conn): ${row.firstError}`);
  for (const [kind, phases] of profiles) {
    console.log(
      `\nwhere one post's time goes, in-process handler on ${kind}, new firing groups one at a time (p50 / p99 ms, samples):`,
    );
    for (const [phase, t] of Object.entries(phases))
      console.log(`  ${phase.padEnd(32)} ${ms(t.p50Ms).padStart(7)} / ${ms(t.p99Ms).padEnd(7)} ${t.samples}`);
  }
}

const workDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-intake-"));
cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
try {
  for (const kind of kinds) await benchDatabase(kind, workDir);
  printResults();
} finally {
  await cleanUp();
}
