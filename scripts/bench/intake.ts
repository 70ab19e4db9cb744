/**
 * Alertmanager webhook intake through the real route (`next start` of the production build) on PGlite and
 * PostgreSQL, with the load generator on this machine; `--floor` also measures a bare node:http server that only
 * parses and inserts one row, and a profile says where one post's time goes. Prints figures, asserts nothing.
 * Usage: npx tsx scripts/bench/intake.ts [--db pglite|postgres|both] [--connections 32] [--seconds 10]
 *   [--warmup 2] [--members 2000] [--duplicates 10] [--resolutions 10] [--worker] [--floor] [--profile-posts 300]
 */
import "./quiet-log";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createAlertMix, type MixShares, type SeededMember } from "./alert-mix";
import { countFloorRows, countRows, createBenchDatabase, openBenchDatabase, seedMembers, type BenchDatabaseKind } from "./database";
import { runLoad, type LoadOptions, type LoadResult } from "./load";
import { profileHandler, type PhaseTimes } from "./profile";
import { readCpuMs, startFloor, startPortal, type BenchServer } from "./servers";

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
    floor: { type: "boolean", default: false },
    "profile-posts": { type: "string", default: "300" },
    "postgres-url": { type: "string", default: "postgres://vigie:vigie@127.0.0.1:5432/postgres" },
  },
});
if (!["pglite", "postgres", "both"].includes(args.db)) throw new Error("--db is pglite, postgres or both");
const kinds: BenchDatabaseKind[] = args.db === "both" ? ["pglite", "postgres"] : [args.db as BenchDatabaseKind];
const connections = Number(args.connections);
const timing = { warmupSeconds: Number(args.warmup), seconds: Number(args.seconds) };
const shares: MixShares = { duplicates: Number(args.duplicates), resolutions: Number(args.resolutions) };
const token = randomBytes(24).toString("base64url");

type Row = LoadResult & { database: string; server: string; rows: string; cpuMsPerPost: number };
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
async function measureLoad(server: BenchServer, options: Omit<LoadOptions, "url" | "token">): Promise<LoadResult & { cpuMsPerPost: number }> {
  const cpuBefore = readCpuMs(server);
  const result = await runLoad({ url: server.webhookUrl, token, ...options });
  return { ...result, cpuMsPerPost: (readCpuMs(server) - cpuBefore) / result.sentTotal };
}

async function benchDatabase(kind: BenchDatabaseKind, workDir: string): Promise<void> {
  const database = await createBenchDatabase(kind, path.join(workDir, kind), args["postgres-url"]);
  cleanups.push(database.drop);
  const seeding = await openBenchDatabase(database);
  const seeded = await seedMembers(seeding, Number(args.members)).finally(() => seeding.close());
  console.log(`${kind}: seeded ${seeded.length} members, each with one verified Matrix channel`);

  const mix = createAlertMix(seeded, shares);
  const portal = await startPortal({ database, token, worker: args.worker });
  console.log(`${kind}: portal started (log ${portal.logFile}), ${args.worker ? "with" : "without"} the embedded worker`);
  const [loaded, single] = await withServer(portal, async (server) => {
    const loaded = await measureLoad(server, { connections, ...timing, nextPost: mix.nextPost });
    // One connection: no queueing, so the latency is the cost of one post end to end.
    const single = await measureLoad(server, { connections: 1, warmupSeconds: 1, seconds: 3, nextPost: mix.nextPost });
    return [loaded, single];
  });
  const owed = mix.counts.new + mix.counts.resolved;
  const inspect = await openBenchDatabase(database);
  try {
    const stored = await countRows(inspect, "notifications");
    const rows = `${stored} of ${owed}`;
    table.push({ ...loaded, database: kind, server: "portal", rows }, { ...single, database: kind, server: "portal", rows: "(same)" });
    const newFiringMix = createAlertMix(seeded, { duplicates: 0, resolutions: 0 });
    profiles.push([kind, await profileHandler({ db: inspect.db, token, posts: Number(args["profile-posts"]), nextBody: () => newFiringMix.nextPost().body })]);
  } finally {
    await inspect.close();
  }
  if (args.floor) await benchFloor(database, seeded);
  cleanups.splice(cleanups.indexOf(database.drop), 1);
  await database.drop();
}

async function benchFloor(database: Awaited<ReturnType<typeof createBenchDatabase>>, seeded: SeededMember[]): Promise<void> {
  const mix = createAlertMix(seeded, shares);
  const floor = await startFloor({ database, token });
  const loaded = await withServer(floor, (server) => measureLoad(server, { connections, ...timing, nextPost: mix.nextPost }));
  const rows = `${await countFloorRows(database)} of ${mix.counts.new + mix.counts.resolved}`;
  table.push({ ...loaded, database: database.kind, server: "floor", rows });
}

function printResults(): void {
  const ms = (value: number) => value.toFixed(1);
  const header = ["database", "server", "connections", "posts", "posts/s", "p50 ms", "p99 ms", "max ms", "errors", "rows stored", "CPU ms/post"];
  const lines = table.map((r) => [r.database, r.server, r.connections, r.posts, Math.round(r.postsPerSecond), ms(r.p50Ms), ms(r.p99Ms), ms(r.maxMs), r.errors, r.rows, r.cpuMsPerPost.toFixed(2)].map(String));
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(`\nmix: ${100 - shares.duplicates - shares.resolutions}% new firing groups, ${shares.duplicates}% repeated posts, ${shares.resolutions}% resolutions; ${timing.seconds} s measured after ${timing.warmupSeconds} s warm-up`);
  console.log("rows stored: outbox rows at the end of all runs on that server (warm-ups included) of the rows the new and resolved posts owe");
  console.log("CPU ms/post: the server process's CPU time over the run (warm-up included) per post sent; PostgreSQL's own processes not counted\n");
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  for (const row of table.filter((r) => r.firstError)) console.log(`first error (${row.database} ${row.server}, ${row.connections} conn): ${row.firstError}`);
  for (const [kind, phases] of profiles) {
    console.log(`\nwhere one post's time goes, in-process handler on ${kind}, ${args["profile-posts"]} sequential posts (p50 / p99 ms):`);
    for (const [phase, t] of Object.entries(phases)) console.log(`  ${phase.padEnd(20)} ${ms(t.p50Ms).padStart(7)} / ${ms(t.p99Ms)}`);
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
