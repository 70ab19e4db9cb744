import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { log } from "@/lib/log";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a `db.transaction(async (tx) => …)` callback receives. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: for reads and writes that run alone or inside a caller's transaction. */
export type Queryable = Db | Tx;
export type DbHandle = { db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> };

export const migrationsFolder = path.join(process.cwd(), "lib/db/migrations");

/**
 * Opens the database: a PostgreSQL server when `databaseUrl` is set, otherwise embedded PGlite in
 * `dataDir` (or in memory for `memory://`), started from a copy of `pgliteTemplate` when given (a dump of a data
 * folder). Applies the committed migrations before returning.
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  pgliteTemplate?: Blob;
}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server closes (restart, failover, a dropped test database) emits "error" on the
    // pool; unhandled, it would end the process. The pool replaces the connection on next use.
    pool.on("error", (error) => log.warn({ err: error }, "idle PostgreSQL connection lost"));
    const db = drizzle(pool, { schema });
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!options.dataDir.startsWith("memory://")) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(
    options.dataDir,
    options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {},
  );
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

// PGlite owns its data folder: one instance per process, shared by the Next.js bundles and the worker.
const globalKey = Symbol.for("vigie.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };

export function getDatabase(): Promise<DbHandle> {
  const holder = globalThis as GlobalWithDb;
  holder[globalKey] ??= openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.VIGIE_DATA_DIR ? path.join(process.env.VIGIE_DATA_DIR, "pg") : "./data/pg",
  });
  return holder[globalKey];
}

export async function db(): Promise<Db> {
  return (await getDatabase()).db;
}
