import { randomUUID } from "node:crypto";
import { Method } from "matrix-js-sdk";
import { log } from "@/lib/log";
import { discardDatabases, ensureIndexedDb, restoreDatabases } from "./idb-snapshot";
import { createMatrixApi } from "./matrix-api";
import { createSessionFlusher, forgetSavedSession, lockStateDir, readSavedSession } from "./session-store";

export type CryptoDeviceConfig = {
  homeserverUrl: string;
  userId: string;
  password: string;
  stateDir: string;
  /** VIGIE_SECRET_KEY, when set: the saved device (token and keys) is encrypted with it. */
  secretKey?: Buffer;
  timeoutMs?: number;
};

/** The bot's own device: its token, where its crypto store lives, and how that store reaches the disk. */
export type CryptoDevice = {
  deviceId: string;
  accessToken: string;
  /** IndexedDB database prefix of the Rust crypto store (`initRustCrypto({ cryptoDatabasePrefix })`). */
  prefix: string;
  /** True when the device comes from disk rather than from a new login. */
  restored: boolean;
  flush(): Promise<void>;
  /** Writes the store a last time and frees the state directory. */
  close(): Promise<void>;
  /** For a saved device the homeserver no longer knows: the next start logs in anew. */
  forget(): Promise<void>;
};

/**
 * Opens the device saved in `stateDir`, or logs in as a new one the first time. The same device id must always
 * come with the same keys (members' clients refuse changed keys), so keys and id are saved and restored together.
 */
export async function openCryptoDevice(config: CryptoDeviceConfig): Promise<CryptoDevice> {
  const factory = await ensureIndexedDb();
  const lock = await lockStateDir(config.stateDir);
  try {
    const saved = await readSavedSession(config.stateDir, config.userId, config.secretKey);
    const prefix = `vigie-matrix-${randomUUID()}`;
    if (saved) await restoreDatabases(factory, saved.databases, { from: saved.prefix, to: prefix });
    const identity = saved
      ? { deviceId: saved.deviceId, accessToken: saved.accessToken }
      : await loginNewDevice(config);
    const flusher = createSessionFlusher(
      config.stateDir,
      { userId: config.userId, ...identity, prefix },
      config.secretKey,
    );
    // A new device exists on the homeserver from now on: record it before its keys are even made.
    if (!saved) await flusher.flush();
    log.info({ deviceId: identity.deviceId, restored: Boolean(saved) }, "matrix device opened");
    return {
      ...identity,
      prefix,
      restored: Boolean(saved),
      flush: flusher.flush,
      close: async () => {
        try {
          await flusher.flush();
        } finally {
          void discardDatabases(factory, prefix);
          await lock.release();
        }
      },
      forget: () => forgetSavedSession(config.stateDir),
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function loginNewDevice(config: CryptoDeviceConfig): Promise<{ deviceId: string; accessToken: string }> {
  const api = createMatrixApi({ homeserverUrl: config.homeserverUrl, accessToken: "", timeoutMs: config.timeoutMs });
  const login = await api.request<{ device_id: string; access_token: string }>(Method.Post, "/login", undefined, {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: config.userId },
    password: config.password,
    initial_device_display_name: "Vigie",
  });
  return { deviceId: login.device_id, accessToken: login.access_token };
}
