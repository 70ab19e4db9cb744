import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createServerDatabase } from "@/lib/testing/database";
import { migrationsFolder } from "./client";

type Journal = { entries: { idx: number; tag: string }[] };

/** The committed migrations up to and including `lastTag`, in a folder of their own, as an older release shipped them. */
function migrationsUpTo(lastTag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "vigie-migrations-"));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as Journal;
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  return folder;
}

type Migratable = {
  migrate(folder: string): Promise<void>;
  query(statement: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
};

/** An empty database the test migrates step by step: PGlite, or PostgreSQL when TEST_DATABASE_URL names a server. */
async function openEmptyDatabase(): Promise<Migratable> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = await createServerDatabase(serverUrl);
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: database.url });
    const db = drizzle(pool);
    return {
      migrate: (folder) => migrate(db, { migrationsFolder: folder }),
      query: async (statement) => (await db.execute(sql.raw(statement))).rows,
      close: async () => {
        await pool.end();
        await database.drop();
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = new PGlite();
  const db = drizzle(client);
  return {
    migrate: (folder) => migrate(db, { migrationsFolder: folder }),
    query: async (statement) => (await db.execute(sql.raw(statement))).rows as Record<string, unknown>[],
    close: () => client.close(),
  };
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("migrations", () => {
  it("keeps the outbox rows when notifications' status and state become alert_status and delivery_state", {
    timeout: 120_000,
  }, async () => {
    const before = migrationsUpTo("0005_verification-sends-by-member");
    folders.push(before);
    const database = await openEmptyDatabase();
    try {
      await database.migrate(before);
      await database.query(`insert into members (id, oidc_subject) values ('m_1', 'sub-1')`);
      await database.query(
        `insert into channels (id, member_id, type, address) values ('c_1', 'm_1', 'matrix', '@a:example.org')`,
      );
      await database.query(`insert into notifications (id, dedupe_key, member_id, channel_id, group_key, status, state, alerts)
        values ('n_sent', 'k_sent', 'm_1', 'c_1', 'g', 'resolved', 'sent', '[]'),
               ('n_pending', 'k_pending', 'm_1', 'c_1', 'g', 'firing', 'pending', '[]')`);

      await database.migrate(migrationsFolder);

      const rows = await database.query(`select id, alert_status, delivery_state from notifications order by id`);
      expect(rows).toEqual([
        { id: "n_pending", alert_status: "firing", delivery_state: "pending" },
        { id: "n_sent", alert_status: "resolved", delivery_state: "sent" },
      ]);
      // The outbox's partial indexes now read the renamed column.
      const indexes = await database.query(
        `select indexname, indexdef from pg_indexes where tablename = 'notifications' and indexdef like '%WHERE%' order by indexname`,
      );
      expect(indexes.map((index) => index.indexname)).toEqual([
        "notifications_due_idx",
        "notifications_pending_group_idx",
      ]);
      for (const index of indexes) expect(index.indexdef).toContain("delivery_state = 'pending'");
    } finally {
      await database.close();
    }
  });
});
