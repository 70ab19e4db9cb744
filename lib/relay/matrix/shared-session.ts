import path from "node:path";
import { parseSecretKey } from "@/lib/crypto";
import type { Env } from "@/lib/env";
import type { MatrixSessionSource } from "./send-event";
import { type MatrixSession, type MatrixSessionConfig, startMatrixSession } from "./session";

export type SharedMatrixSession = MatrixSessionSource & { stop(): Promise<void> };

/**
 * One session shared by the bot and the transport of a process: one device, one sync loop, one set of keys.
 * Started by whoever needs it first; a failed start is tried again by the next caller; `stop()` is final.
 */
export function createSharedMatrixSession(config: MatrixSessionConfig): SharedMatrixSession {
  let starting: Promise<MatrixSession> | undefined;
  let stopped = false;
  return {
    start() {
      if (stopped) return Promise.reject(new Error("matrix: the session is stopped"));
      starting ??= startMatrixSession(config).catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async stop() {
      stopped = true;
      const session = await starting?.catch(() => undefined);
      starting = undefined;
      await session?.stop();
    },
  };
}

type MatrixEnv = Pick<
  Env,
  | "MATRIX_HOMESERVER_URL"
  | "MATRIX_BOT_USER_ID"
  | "MATRIX_BOT_ACCESS_TOKEN"
  | "MATRIX_BOT_PASSWORD"
  | "VIGIE_DATA_DIR"
  | "VIGIE_SECRET_KEY"
>;

const sharedSessions = new Map<string, SharedMatrixSession>();

/**
 * The process's encrypting session when MATRIX_BOT_PASSWORD is set (undefined otherwise: plain rooms only). The
 * worker's transports and its bot are built in different places; both get the same session from here.
 */
export function sharedMatrixSessionFromEnv(env: MatrixEnv): SharedMatrixSession | undefined {
  const {
    MATRIX_HOMESERVER_URL: homeserverUrl,
    MATRIX_BOT_USER_ID: userId,
    MATRIX_BOT_ACCESS_TOKEN: accessToken,
  } = env;
  if (!homeserverUrl || !userId || !accessToken || !env.MATRIX_BOT_PASSWORD) return undefined;
  const stateDir = path.resolve(env.VIGIE_DATA_DIR, "matrix");
  const key = JSON.stringify([homeserverUrl, userId, stateDir]);
  const existing = sharedSessions.get(key);
  if (existing) return existing;
  // A malformed key throws here, at start, rather than leave the device's token readable on disk.
  const secretKey = env.VIGIE_SECRET_KEY ? parseSecretKey(env.VIGIE_SECRET_KEY) : undefined;
  const shared = createSharedMatrixSession({
    homeserverUrl,
    userId,
    accessToken,
    password: env.MATRIX_BOT_PASSWORD,
    stateDir,
    secretKey,
  });
  const session: SharedMatrixSession = {
    start: shared.start,
    stop: async () => {
      // A worker started again in this process (tests, dev reloads) gets a fresh session.
      if (sharedSessions.get(key) === session) sharedSessions.delete(key);
      await shared.stop();
    },
  };
  sharedSessions.set(key, session);
  return session;
}
