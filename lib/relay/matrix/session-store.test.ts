import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dumpDatabases, ensureIndexedDb, restoreDatabases } from "./idb-snapshot";
import { createSessionFlusher, lockStateDir, readSavedSession } from "./session-store";

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(path.join(tmpdir(), "vigie-session-store-"));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** A database shaped like the crypto store's: out-of-line and inline keys, an index, binary values. */
async function createDatabase(factory: IDBFactory, name: string): Promise<void> {
  const opening = factory.open(name, 3);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore("core");
    const sessions = opening.result.createObjectStore("sessions", { keyPath: ["room", "id"] });
    sessions.createIndex("by_room", "room", { unique: false });
  };
  const db = await new Promise<IDBDatabase>((resolve) => (opening.onsuccess = () => resolve(opening.result)));
  const transaction = db.transaction(["core", "sessions"], "readwrite");
  transaction.objectStore("core").put(new Uint8Array([1, 2, 3]), "account");
  transaction.objectStore("sessions").put({ room: "!a", id: "s1", pickle: new Uint8Array([9]) });
  await new Promise((resolve) => (transaction.oncomplete = resolve));
  db.close();
}

describe("IndexedDB snapshots", () => {
  it("restores databases under a new prefix with their version, stores, indexes and records", async () => {
    const factory = await ensureIndexedDb();
    await createDatabase(factory, "old-prefix::crypto");
    const dump = await dumpDatabases(factory, "old-prefix");
    await restoreDatabases(factory, dump, { from: "old-prefix", to: "new-prefix" });
    const restored = await dumpDatabases(factory, "new-prefix");
    expect(restored).toEqual(dump.map((database) => ({ ...database, name: "new-prefix::crypto" })));
    expect(restored[0]).toMatchObject({
      version: 3,
      stores: [
        { name: "core", keyPath: null, keys: ["account"], values: [new Uint8Array([1, 2, 3])] },
        { name: "sessions", keyPath: ["room", "id"], indexes: [{ name: "by_room", keyPath: "room", unique: false }] },
      ],
    });
  });

  it("writes the session file only when the store changed, and reads it back", async () => {
    const factory = await ensureIndexedDb();
    const identity = { userId: "@bot:hs", deviceId: "DEV", accessToken: "tok", prefix: "flush-prefix" };
    const flusher = createSessionFlusher(stateDir, identity);
    await Promise.all([flusher.flush(), flusher.flush()]);
    const first = await readSavedSession(stateDir, "@bot:hs");
    expect(first).toEqual({ ...identity, databases: [] });
    await createDatabase(factory, "flush-prefix::crypto");
    await flusher.flush();
    expect((await readSavedSession(stateDir, "@bot:hs"))?.databases).toHaveLength(1);
    expect(await readSavedSession(stateDir, "@someone-else:hs")).toBeUndefined();
    expect(readdirSync(stateDir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the state directory lock", () => {
  it("refuses a directory another running process holds, and takes over one a dead process left", async () => {
    const lock = path.join(stateDir, "matrix-session.lock");
    writeFileSync(lock, String(process.ppid));
    await expect(lockStateDir(stateDir)).rejects.toThrow(/already uses/);
    // Above Linux's pid_max (2^22): no process can have it.
    writeFileSync(lock, "5000000");
    const held = await lockStateDir(stateDir);
    await held.release();
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
