import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { decryptBytes, encryptBytes, isEncryptedBytes } from "@/lib/crypto";
import { type DatabaseDump, dumpDatabases } from "./idb-snapshot";

/** What survives a restart: the device, its token, and its crypto store (one file, replaced atomically). */
export type SavedSession = {
  userId: string;
  deviceId: string;
  accessToken: string;
  prefix: string;
  databases: DatabaseDump[];
};

const snapshotFile = "matrix-session.bin";
/** Authenticated with the ciphertext: this key's other ciphertexts (Gotify tokens) cannot stand in for the file. */
const encryptionContext = "matrix-session";
const lockFile = "matrix-session.lock";

/**
 * Claims the state directory for this process: two processes on one device would corrupt its keys (the SDK's own
 * warning). A lock left by a dead process (SIGKILL) is taken over.
 */
export async function lockStateDir(stateDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, lockFile);
  const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
  if (owner && owner !== process.pid && isRunning(owner)) {
    throw new Error(`matrix: process ${owner} already uses ${stateDir}; give each worker its own VIGIE_DATA_DIR`);
  }
  await writeFile(file, String(process.pid));
  return { release: () => rm(file, { force: true }) };
}

/**
 * The saved session, if any. With `secretKey` (VIGIE_SECRET_KEY) the file is encrypted; a file written before the
 * key was set is still read, and the next write encrypts it. An encrypted file that cannot be decrypted throws:
 * logging in as a new device would silently drop the keys members' clients trust.
 */
export async function readSavedSession(
  stateDir: string,
  userId: string,
  secretKey?: Buffer,
): Promise<SavedSession | undefined> {
  const file = path.join(stateDir, snapshotFile);
  const data = await readFile(file).catch(() => undefined);
  if (!data) return undefined;
  try {
    const saved = deserialize(decryptSession(data, file, secretKey)) as SavedSession;
    return saved.userId === userId && typeof saved.deviceId === "string" && Array.isArray(saved.databases)
      ? saved
      : undefined;
  } catch (error) {
    if (error instanceof SessionKeyError) throw error;
    return undefined;
  }
}

class SessionKeyError extends Error {}

function decryptSession(data: Buffer, file: string, secretKey: Buffer | undefined): Buffer {
  if (!isEncryptedBytes(data)) return data;
  if (!secretKey) throw new SessionKeyError(`matrix: ${file} is encrypted but VIGIE_SECRET_KEY is not set`);
  try {
    return decryptBytes(secretKey, data, encryptionContext);
  } catch (error) {
    throw new SessionKeyError(
      `matrix: ${file} cannot be decrypted: VIGIE_SECRET_KEY is not the one it was written with`,
      {
        cause: error,
      },
    );
  }
}

export async function forgetSavedSession(stateDir: string): Promise<void> {
  await rm(path.join(stateDir, snapshotFile), { force: true });
}

/**
 * Writes the session to disk whenever its crypto store changed. `flush()` is awaited before every request the
 * session makes, so whatever the homeserver or another device may have learned (one-time keys uploaded, to-device
 * messages acknowledged by the next /sync, a ratchet advanced by a send) is on disk first: a SIGKILL can lose
 * nothing the next start needs. Concurrent flushes share one write. With `secretKey` the file is encrypted: it holds
 * the device's access token and its end-to-end keys.
 */
export function createSessionFlusher(
  stateDir: string,
  identity: Omit<SavedSession, "databases">,
  secretKey?: Buffer,
): { flush(): Promise<void> } {
  let last: Buffer | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  const write = async () => {
    queued = undefined;
    const data = serialize({ ...identity, databases: await dumpDatabases(globalThis.indexedDB, identity.prefix) });
    if (last?.equals(data)) return;
    await writeDurably(
      path.join(stateDir, snapshotFile),
      secretKey ? encryptBytes(secretKey, data, encryptionContext) : data,
    );
    last = data;
  };
  return {
    flush() {
      queued ??= running = running.then(write, write);
      return queued;
    },
  };
}

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  const handle = await open(temporary, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
