/**
 * The floor the portal is compared with: a bare node:http server that parses the post and inserts one row with
 * `on conflict do nothing`, nothing else. Run as its own process by intake.ts, like the portal:
 * tsx scripts/bench/floor-server.ts --port P --token T (--database-url URL | --data-dir DIR)
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    token: { type: "string" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
  },
});

type Query = (text: string, params?: unknown[]) => Promise<{ affectedRows: number }>;
type Store = { query: Query; close(): Promise<void> };

const createTable = `create table if not exists bench_floor (
  dedupe_key text primary key, group_key text not null, status text not null, alerts jsonb not null,
  created_at timestamptz not null default now())`;
const insertRow =
  "insert into bench_floor (dedupe_key, group_key, status, alerts) values ($1, $2, $3, $4) on conflict do nothing";

async function openStore(): Promise<Store> {
  if (args["database-url"]) {
    const { Pool } = (await import("pg")).default;
    // The portal's pool size (lib/db/client.ts), so both sides get the same number of server connections.
    const pool = new Pool({ connectionString: args["database-url"], max: 10 });
    return {
      query: async (text, params) => ({ affectedRows: (await pool.query(text, params)).rowCount ?? 0 }),
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create(args["data-dir"]!);
  return {
    query: async (text, params) => ({ affectedRows: (await client.query(text, params)).affectedRows ?? 0 }),
    close: () => client.close(),
  };
}

const store = await openStore();
const query = store.query;
await query(createTable);
const expected = createHash("sha256").update(`Bearer ${args.token}`).digest();

const server = createServer((req, res) => {
  if (req.method === "GET") return void res.end("ok");
  const given = createHash("sha256")
    .update(req.headers.authorization ?? "")
    .digest();
  if (!timingSafeEqual(given, expected)) return void res.writeHead(401).end();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    try {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      // The same identity the portal's dedupe key uses: group, status and each alert's state.
      const states = payload.alerts
        .map((a: Record<string, string>) => [a.fingerprint, a.status, a.startsAt, a.endsAt].join("|"))
        .sort();
      const key = createHash("sha256")
        .update(JSON.stringify([payload.groupKey, payload.status, states]))
        .digest("hex");
      const { affectedRows } = await query(insertRow, [
        key,
        payload.groupKey,
        payload.status,
        JSON.stringify(payload.alerts),
      ]);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ stored: affectedRows }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(args.port), "127.0.0.1");
// PGlite must close to leave a consistent folder behind: the bench counts the rows from it afterwards.
process.once("SIGTERM", () => server.close(() => void store.close().finally(() => process.exit(0))));
