import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DbHandle, migrationsFolder, openDatabase } from "@/lib/db/client";

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the PostgreSQL
 * server named by TEST_DATABASE_URL (CI runs the suite both ways).
 */
export async function createTestDatabase(): Promise<DbHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: "memory://", pgliteTemplate: await migratedPgliteTemplate() });
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

/**
 * A new, empty database on the PostgreSQL server at `serverUrl`, named `<prefix>_<random>`: for a test file, a test
 * that needs a URL (a child process) or a bench. `drop()` removes it even if clients are still connected.
 */
export async function createServerDatabase(
  serverUrl: string,
  prefix = "vigie_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import("pg");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = async (statement: string) => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * A dump of an empty PGlite database with every migration applied, made once per set of migrations and kept in the
 * temporary folder: a test file's database starts as a copy of it in ~0.6 s, where initdb and the migrations take
 * ~2 s, and the suite opens over a hundred. The migrator still runs on the copy and finds nothing to do.
 */
async function migratedPgliteTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `vigie-pglite-template-${migrationsDigest()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not made yet (or by a concurrent test file right now): make it, and publish it atomically.
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const template = await PGlite.create("memory://");
  await migrate(drizzle(template), { migrationsFolder });
  const dump = await template.dumpDataDir("none");
  await template.close();
  const partial = `${file}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file);
  return dump;
}

function migrationsDigest(): string {
  const digest = createHash("sha256");
  const files = readdirSync(migrationsFolder, { recursive: true, encoding: "utf8" }).filter(
    (name) => name.endsWith(".sql") || name.endsWith(".json"),
  );
  for (const name of files.sort()) digest.update(name).update(readFileSync(path.join(migrationsFolder, name)));
  return digest.digest("hex").slice(0, 16);
}
