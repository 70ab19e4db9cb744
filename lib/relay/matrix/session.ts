import { randomUUID } from "node:crypto";
import { ClientEvent, Filter, HTTPError, MatrixClient, MemoryStore, SyncState } from "matrix-js-sdk";
import { log } from "@/lib/log";
import { matrixSdkLogger } from "@/lib/relay/matrix/sdk-logger";
import { type CryptoDevice, openCryptoDevice } from "./crypto-device";
import { createMatrixApi, type MatrixApi } from "./matrix-api";

export { createMatrixApi, type MatrixApi };

export type MatrixSessionConfig = {
  homeserverUrl: string;
  userId: string;
  /** The bot's long-lived token: used as is when there is no password (no end-to-end encryption then). */
  accessToken: string;
  /**
   * With the bot's password, the session has a device of its own with end-to-end encryption (matrix-js-sdk's
   * Rust crypto): logged in once, then restored from `stateDir` at each start, keys included.
   */
  password?: string;
  /** Where the encrypting device is saved (its token and crypto store). Needed with `password`. */
  stateDir?: string;
  /** VIGIE_SECRET_KEY, when set: the saved device is encrypted with it. */
  secretKey?: Buffer;
  timeoutMs?: number;
};

/** A synced client (with crypto when a password is configured) and a non-retrying HTTP API with its token. */
export type MatrixSession = {
  client: MatrixClient;
  api: MatrixApi;
  userId: string;
  deviceId: string | null;
  encrypted: boolean;
  stop(): Promise<void>;
};

const sessionLog = log.child({ component: "matrix-session" });

/**
 * Starts a Matrix session and resolves after the first sync, so a wrong credential or an unreachable homeserver
 * fails here rather than silently. The client has no scheduler: nothing is retried behind the outbox's back.
 */
export async function startMatrixSession(config: MatrixSessionConfig): Promise<MatrixSession> {
  if (!config.password) return startClient(config, undefined);
  if (!config.stateDir) throw new Error("matrix: a password needs a state directory to keep its device in");
  const deviceConfig = { ...config, password: config.password, stateDir: config.stateDir };
  const device = await openCryptoDevice(deviceConfig);
  try {
    return await startClient(config, device);
  } catch (error) {
    if (!device.restored || !(error instanceof HTTPError && error.httpStatus === 401)) throw error;
    // The saved device was deleted (by an admin, or the account was reset): a new one replaces it.
    sessionLog.warn({ deviceId: device.deviceId }, "saved matrix device refused; logging in as a new one");
    await device.forget();
    return startClient(config, await openCryptoDevice(deviceConfig));
  }
}

async function startClient(config: MatrixSessionConfig, device: CryptoDevice | undefined): Promise<MatrixSession> {
  const accessToken = device?.accessToken ?? config.accessToken;
  // Every request waits until the crypto store is on disk: see createSessionFlusher.
  const fetchFn: typeof fetch | undefined = device
    ? async (input, init) => (await device.flush(), fetch(input, init))
    : undefined;
  const client = new MatrixClient({
    baseUrl: config.homeserverUrl,
    userId: config.userId,
    accessToken,
    store: new MemoryStore(),
    logger: matrixSdkLogger(sessionLog),
    localTimeoutMs: config.timeoutMs ?? 30_000,
    ...(device ? { deviceId: device.deviceId, fetchFn } : {}),
  });
  try {
    if (device) await client.initRustCrypto({ cryptoDatabasePrefix: device.prefix });
    const prepared = waitForFirstSync(client);
    await client.startClient({ initialSyncLimit: 20, filter: uniqueFilter(config.userId) });
    await prepared;
  } catch (error) {
    client.stopClient();
    await device?.close();
    throw error;
  }
  sessionLog.info(
    { userId: config.userId, deviceId: device?.deviceId, encrypted: Boolean(device) },
    "matrix session started",
  );
  return {
    client,
    api: createMatrixApi({ homeserverUrl: config.homeserverUrl, accessToken, timeoutMs: config.timeoutMs, fetchFn }),
    userId: config.userId,
    deviceId: device?.deviceId ?? null,
    encrypted: Boolean(device),
    stop: async () => {
      client.stopClient();
      client.removeAllListeners();
      await device?.close();
    },
  };
}

/**
 * Synapse answers an initial sync from a cache for two minutes (key: user, device, filter): a device that starts
 * again within that time would get its previous process's answer, without the rooms joined since. A filter of
 * its own (excluding an account data type nobody uses) makes each start's initial sync new.
 */
function uniqueFilter(userId: string): Filter {
  const filter = new Filter(userId);
  filter.setDefinition({ account_data: { not_types: [`org.neutrinet.vigie.start.${randomUUID()}`] } });
  return filter;
}

function waitForFirstSync(client: MatrixClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSync = (state: SyncState, _previous: SyncState | null, data?: { error?: Error }) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(data?.error ?? new Error("matrix_sync_failed"));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
}
