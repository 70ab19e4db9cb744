/**
 * Alert storm through a real peered Alertmanager pair, the standalone worker on PostgreSQL (which takes
 * Alertmanager's posts on its relay listener, RELAY_LISTEN, and delivers them) and a real Synapse; counts what
 * reached the rooms. No web server: nothing in the storm needs one.
 * Usage: npm run bench:storm -- [--alerts 10000] [--members 2000] [--kills 0|3] [--rooms 200]
 *   [--timeout-minutes 30] [--group-interval 2s] [--postgres-url postgres://vigie:vigie@127.0.0.1:5432/postgres];
 * without --kills, runs the clean storm then the storm with 3 worker kills. A fresh database is created on that
 * server and dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type AlertmanagerPair, startAlertmanagerPair } from "@/scripts/stack/alertmanager-pair";
import { type SynapseServer, startSynapse } from "@/scripts/synapse/start-synapse";
import { writeAlertmanagerConfig } from "./storm/alerts";
import { createStormDatabase, type StormDatabase, seedStormMembers } from "./storm/database";
import { createBotRooms, liftRateLimits, measureSendRate } from "./storm/matrix-rooms";
import { printStormResult } from "./storm/print-result";
import { prepareRelayWorker, type RelayWorker } from "./storm/relay-worker";
import { runStorm } from "./storm/run-storm";

const { values: args } = parseArgs({
  options: {
    alerts: { type: "string", default: "10000" },
    members: { type: "string", default: "2000" },
    kills: { type: "string" },
    rooms: { type: "string", default: "200" },
    "timeout-minutes": { type: "string", default: "30" },
    "postgres-url": { type: "string", default: "postgres://vigie:vigie@127.0.0.1:5432/postgres" },
    "group-interval": { type: "string", default: "2s" },
  },
});
const alertCount = Number(args.alerts);
const memberCount = Number(args.members);
const roomCount = Math.min(Number(args.rooms), memberCount);
const targetsPerMember = Math.ceil(alertCount / memberCount);
const scenarios = args.kills === undefined ? [0, 3] : [Number(args.kills)];
const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const workDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-storm-"));
let synapse: SynapseServer | undefined;
let database: StormDatabase | undefined;
let pair: AlertmanagerPair | undefined;
let worker: RelayWorker | undefined;
let keepLogs = false;
// Ctrl-C or a `timeout` must still stop every server and drop the database.
const interrupted = new Promise<never>((_, reject) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => reject(new Error(`interrupted (${signal})`)));
});
try {
  await Promise.race([interrupted, run()]);
} catch (error) {
  keepLogs = true;
  throw error;
} finally {
  await worker?.stop().catch(() => {});
  await pair?.stop().catch(() => {});
  await synapse?.stop().catch(() => {});
  await database?.drop().catch((error: unknown) => console.error("could not drop the storm database:", error));
  if (keepLogs) {
    // Losses and duplicates need explaining: the workers' and the peers' logs say who dropped or repeated what.
    const kept = `${workDir}-logs`;
    for (const dir of ["worker", "alertmanagers/logs"]) {
      const from = path.join(workDir, dir);
      // Logs only, not the worker's data folder.
      if (existsSync(from))
        cpSync(from, path.join(kept, dir), {
          recursive: true,
          filter: (source) => !source.endsWith(`${path.sep}data`),
        });
    }
    console.log(`logs kept in ${kept}`);
  }
  rmSync(workDir, { recursive: true, force: true });
}

async function run(): Promise<void> {
  let started = performance.now();
  synapse = await startSynapse({ workDir: path.join(workDir, "synapse") });
  const bot = await synapse.registerUser("vigie-bot", "storm-bot-password");
  const admin = await synapse.registerUser("storm-admin", "storm-admin-password", true);
  await liftRateLimits(synapse.url, admin, bot.userId);
  const roomIds = await createBotRooms(synapse.url, bot, roomCount);
  log(
    `Synapse up in ${seconds(synapse.startupMs)}; ${roomCount} rooms created in ${seconds(performance.now() - started)}` +
      (roomCount < memberCount
        ? ` (a pool: ${Math.ceil(memberCount / roomCount)} members share each room; message bodies name the target)`
        : ""),
  );

  const floor = await measureSendRate(synapse.url, bot, roomIds, 400, 20);
  log(`Synapse alone: ${floor.toFixed(0)} sends/s (400 messages, 20 at a time, over the rooms)`);

  started = performance.now();
  database = await createStormDatabase(args["postgres-url"]);
  const targets = (await seedStormMembers(database.handle, { members: memberCount, targetsPerMember, roomIds })).slice(
    0,
    alertCount,
  );
  log(`${memberCount} members, ${targets.length} targets seeded in ${seconds(performance.now() - started)}`);

  const webhookToken = randomBytes(24).toString("base64url");
  worker = await prepareRelayWorker({
    databaseUrl: database.url,
    webhookToken,
    matrix: { homeserverUrl: synapse.url, botUserId: bot.userId, botAccessToken: bot.accessToken },
    workDir: path.join(workDir, "worker"),
  });
  await worker.startWorker();
  const configFile = path.join(workDir, "alertmanager.yml");
  writeAlertmanagerConfig(configFile, targets, {
    url: worker.webhookUrl,
    token: webhookToken,
    groupInterval: args["group-interval"],
  });
  pair = await startAlertmanagerPair({ workDir: path.join(workDir, "alertmanagers"), configFile });
  log(`worker (relay listener ${worker.webhookUrl}) and Alertmanager pair (${pair.urls.join(", ")}) up`);

  for (const [index, kills] of scenarios.entries()) {
    log(`\nstorm ${index + 1}: ${targets.length} alerts, ${memberCount} members, worker killed ${kills} times`);
    const runStartedMs = Date.now();
    const result = await runStorm(
      { peers: pair.urls, pool: database.pool, worker, synapseUrl: synapse.url, bot, roomIds, targets },
      { run: `storm-${index + 1}`, kills, timeoutMs: Number(args["timeout-minutes"]) * 60_000, quietMs: 10_000, log },
    );
    printStormResult(result, { logDir: path.join(workDir, "worker"), sinceMs: runStartedMs, log });
    const { firing, resolved } = result.count;
    keepLogs ||= firing.lost + resolved.lost + firing.duplicates + resolved.duplicates > 0 || result.settledMs === null;
  }
}
