import { parseSecretKey } from "@/lib/crypto";
import type { Env } from "@/lib/env";
import { outboundPolicyFromEnv } from "@/lib/http/outbound-policy";
import { log } from "@/lib/log";
import { sharedMatrixSessionFromEnv } from "../matrix/shared-session";
import { createEmailTransport } from "./email";
import { createGotifyTransport } from "./gotify";
import { createMatrixEditor, createMatrixTransport, type MatrixTransportConfig } from "./matrix";
import { createMattermostEditor, createMattermostTransport } from "./mattermost";
import type { ChannelType, MessageEditor, Transports } from "./transport";

type TransportEnv = Pick<
  Env,
  | "MATRIX_HOMESERVER_URL"
  | "MATRIX_BOT_ACCESS_TOKEN"
  | "MATRIX_BOT_USER_ID"
  | "MATRIX_BOT_PASSWORD"
  | "VIGIE_DATA_DIR"
  | "MATTERMOST_URL"
  | "MATTERMOST_BOT_TOKEN"
  | "VIGIE_SECRET_KEY"
  | "SMTP_URL"
  | "MAIL_FROM"
  | "OUTBOUND_ALLOWED_NETWORKS"
  | "MONITORING_HOSTS"
>;

/** The transports the environment configures; a channel type without one waits (and logs) until it is set. */
export function transportsFromEnv(env: TransportEnv): Transports {
  const transports: Transports = {};
  const matrix = matrixConfigFromEnv(env);
  if (matrix) transports.matrix = createMatrixTransport(matrix);
  if (env.MATTERMOST_URL && env.MATTERMOST_BOT_TOKEN) {
    transports.mattermost = createMattermostTransport({
      serverUrl: env.MATTERMOST_URL,
      botToken: env.MATTERMOST_BOT_TOKEN,
    });
  }
  if (env.VIGIE_SECRET_KEY) {
    try {
      transports.gotify = createGotifyTransport({
        secretKey: parseSecretKey(env.VIGIE_SECRET_KEY),
        policy: outboundPolicyFromEnv(env),
      });
    } catch (error) {
      // The message names the variable and how to generate it; the key itself is never in it.
      log.error({ error: (error as Error).message }, "Gotify delivery disabled");
    }
  }
  if (env.SMTP_URL && env.MAIL_FROM) {
    transports.email = createEmailTransport({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  }
  return transports;
}

/** The editors the environment configures: a resolution rewrites its firing message where the channel can. */
export function editorsFromEnv(env: TransportEnv): Partial<Record<ChannelType, MessageEditor>> {
  const editors: Partial<Record<ChannelType, MessageEditor>> = {};
  const matrix = matrixConfigFromEnv(env);
  if (matrix) editors.matrix = createMatrixEditor(matrix);
  if (env.MATTERMOST_URL && env.MATTERMOST_BOT_TOKEN) {
    editors.mattermost = createMattermostEditor({ serverUrl: env.MATTERMOST_URL, botToken: env.MATTERMOST_BOT_TOKEN });
  }
  return editors;
}

/** With MATRIX_BOT_PASSWORD, sends go through the session the worker's bot shares (encrypted rooms). */
function matrixConfigFromEnv(env: TransportEnv): MatrixTransportConfig | undefined {
  if (!env.MATRIX_HOMESERVER_URL || !env.MATRIX_BOT_ACCESS_TOKEN) return undefined;
  const session = sharedMatrixSessionFromEnv(env);
  return {
    homeserverUrl: env.MATRIX_HOMESERVER_URL,
    accessToken: env.MATRIX_BOT_ACCESS_TOKEN,
    ...(session ? { session } : {}),
  };
}
