import { randomBytes } from "node:crypto";
import { openDatabase, type DbHandle } from "./client";

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the PostgreSQL
 * server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function createTestDatabase(): Promise<DbHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: "memory://" });
  const database = await createServerDatabase(serverUrl);
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: "" });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/** A new, empty database on the PostgreSQL server at `serverUrl`, for a test that needs a URL (a child process). */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import("pg");
  const name = `vigie_test_${randomBytes(6).toString("hex")}`;
  const run = async (statement: string) => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(statement);
    await admin.end();
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
