/**
 * The relay's own listener (lib/relay/intake/listen.ts) as the bench measures it: the database opened (and migrated) as
 * production opens it, the listener started, no delivery worker (the bench measures intake; outbox rows pile up).
 * Run as its own process by intake.ts, like the portal:
 * tsx --tsconfig tsconfig.node.json scripts/bench/relay-server.ts --port P --stats-port S --token T (--database-url URL | --data-dir DIR)
 * The stats port answers GET with the intake transactions run so far: posts sent over transactions is the
 * average batch the group commit formed.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { type Db, openDatabase } from "@/lib/db/client";
import { log } from "@/lib/log";
import { startRelayListener } from "@/lib/relay/intake/listen";

const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    "stats-port": { type: "string" },
    token: { type: "string" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
  },
});
if (!args.port || !args["stats-port"] || !args.token) throw new Error("--port, --stats-port and --token are required");
if (!args["database-url"] && !args["data-dir"]) throw new Error("--database-url or --data-dir is required");

const handle = await openDatabase({ databaseUrl: args["database-url"], dataDir: args["data-dir"] ?? "" });
const transactions = countTransactions(handle.db);
const relay = await startRelayListener({
  host: "127.0.0.1",
  port: Number(args.port),
  db: handle.db,
  token: args.token,
});
const stats = createServer(
  (_, res) =>
    void res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ transactions: transactions() })),
);
stats.listen(Number(args["stats-port"]), "127.0.0.1");
log.info({ url: relay.url }, "bench relay listening");

// PGlite must close to leave a consistent folder behind: the bench counts the rows from it afterwards.
process.once("SIGTERM", () => {
  stats.close();
  void relay
    .close()
    .then(() => handle.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "bench relay did not close cleanly");
        process.exit(1);
      },
    );
});

/**
 * Counts the transactions opened on `db` from now on. The webhook path opens exactly one per batch of posts
 * (recordAlertGroups), and nothing else in this process opens any once the migrations ran.
 */
function countTransactions(db: Db): () => number {
  let count = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((...args: Parameters<Db["transaction"]>) => {
    count += 1;
    return transaction(...args);
  }) as Db["transaction"];
  return () => count;
}
