import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type DbHandle, openDatabase } from "@/lib/db/client";
import { vacuumAnalyze } from "@/lib/db/maintenance";
import { channels, members, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createServerDatabase } from "@/lib/testing/database";
import type { SeededMember } from "./alert-mix";

export type BenchDatabaseKind = "pglite" | "postgres";

/** One throwaway database: a PGlite folder under `dataDir`, or a fresh database on the PostgreSQL server. */
export type BenchDatabase = {
  kind: BenchDatabaseKind;
  /** VIGIE_DATA_DIR for the portal; PGlite lives in `<dataDir>/pg`, as lib/db/client.ts expects. */
  dataDir: string;
  /** "" for PGlite (the portal's convention for "embedded"). */
  databaseUrl: string;
  drop(): Promise<void>;
};

export async function createBenchDatabase(
  kind: BenchDatabaseKind,
  dataDir: string,
  serverUrl: string,
): Promise<BenchDatabase> {
  // The servers' logs go there too, whatever the database.
  mkdirSync(dataDir, { recursive: true });
  if (kind === "pglite") return { kind, dataDir, databaseUrl: "", drop: async () => {} };
  const { url, drop } = await createServerDatabase(serverUrl, "vigie_bench");
  return { kind, dataDir, databaseUrl: url, drop };
}

/** Opens (and migrates) the database in this process; for PGlite only while no server holds the folder. */
export function openBenchDatabase(database: BenchDatabase): Promise<DbHandle> {
  return openDatabase({ databaseUrl: database.databaseUrl || undefined, dataDir: path.join(database.dataDir, "pg") });
}

/** `count` members, each with one brick and one verified Matrix channel, inserted in batches. */
export async function seedMembers(handle: DbHandle, count: number): Promise<SeededMember[]> {
  const seeded = Array.from({ length: count }, () => ({ memberId: newId("m"), targetId: newId("t") }));
  const verifiedAt = new Date();
  for (let start = 0; start < count; start += 500) {
    const batch = seeded.slice(start, start + 500);
    await handle.db
      .insert(members)
      .values(batch.map(({ memberId }) => ({ id: memberId, oidcSubject: `bench-${memberId}` })));
    await handle.db.insert(targets).values(
      batch.map(({ memberId, targetId }) => ({
        id: targetId,
        memberId,
        kind: "brick" as const,
        label: "Bench brick",
        address: `https://${targetId}.example.org/`,
      })),
    );
    await handle.db.insert(channels).values(
      batch.map(({ memberId }) => {
        const id = newId("c");
        return {
          id,
          memberId,
          type: "matrix" as const,
          address: `@${id}:example.org`,
          roomId: `!${id}:example.org`,
          verifiedAt,
        };
      }),
    );
  }
  // As a running database would be: PostgreSQL's autovacuum, or the PGlite worker's maintenance, has analyzed it.
  await vacuumAnalyze(handle.db);
  return seeded;
}

export async function countRows(handle: DbHandle, table: string): Promise<number> {
  const result = (await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
    rows: { n: number }[];
  };
  return result.rows[0]?.n ?? 0;
}

/** Rows the floor server stored: in the bench database, or in its own PGlite folder (once it has stopped). */
export async function countFloorRows(database: BenchDatabase): Promise<number> {
  if (database.databaseUrl) {
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    try {
      return (await client.query<{ n: number }>("select count(*)::int as n from bench_floor")).rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create(path.join(database.dataDir, "floor-pg"));
  try {
    return (await client.query<{ n: number }>("select count(*)::int as n from bench_floor")).rows[0]?.n ?? 0;
  } finally {
    await client.close();
  }
}
