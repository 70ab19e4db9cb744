import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

describe("the session file with VIGIE_SECRET_KEY", () => {
  const identity = {
    userId: "@bot:hs",
    deviceId: "DEV",
    accessToken: "syt_the-bot-device-token",
    prefix: "enc-prefix",
  };
  const sessionFile = () => readFileSync(path.join(stateDir, "matrix-session.bin"));

  it("is encrypted: neither the token nor the device id can be read on disk", async () => {
    const key = randomBytes(32);
    await createSessionFlusher(stateDir, identity, key).flush();
    expect(sessionFile().includes("syt_the-bot-device-token")).toBe(false);
    expect(sessionFile().includes("@bot:hs")).toBe(false);
    expect(await readSavedSession(stateDir, "@bot:hs", key)).toEqual({ ...identity, databases: [] });
  });

  it("reads a file written before the key was set, and writes it back encrypted", async () => {
    await createSessionFlusher(stateDir, identity).flush();
    expect(sessionFile().includes("syt_the-bot-device-token")).toBe(true);
    const key = randomBytes(32);
    expect(await readSavedSession(stateDir, "@bot:hs", key)).toEqual({ ...identity, databases: [] });
    await createSessionFlusher(stateDir, identity, key).flush();
    expect(sessionFile().includes("syt_the-bot-device-token")).toBe(false);
    expect(await readSavedSession(stateDir, "@bot:hs", key)).toEqual({ ...identity, databases: [] });
  });

  it("refuses to start with a wrong or missing key rather than log in as a new device", async () => {
    await createSessionFlusher(stateDir, identity, randomBytes(32)).flush();
    await expect(readSavedSession(stateDir, "@bot:hs", randomBytes(32))).rejects.toThrow(
      /VIGIE_SECRET_KEY.*not the one/,
    );
    await expect(readSavedSession(stateDir, "@bot:hs")).rejects.toThrow(/encrypted.*VIGIE_SECRET_KEY is not set/);
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
