import { parseSecretKey } from "@/lib/crypto";
import type { Env } from "@/lib/env";
import { log } from "@/lib/log";
import type { Transports } from "../deliver";
import { createEmailTransport } from "./email";
import { createGotifyTransport } from "./gotify";
import { createMatrixTransport } from "./matrix";
import { createMattermostTransport } from "./mattermost";

type TransportEnv = Pick<
  Env,
  | "MATRIX_HOMESERVER_URL"
  | "MATRIX_BOT_ACCESS_TOKEN"
  | "MATTERMOST_URL"
  | "MATTERMOST_BOT_TOKEN"
  | "VIGIE_SECRET_KEY"
  | "SMTP_URL"
  | "MAIL_FROM"
>;

/** The transports the environment configures; a channel type without one waits (and logs) until it is set. */
export function transportsFromEnv(env: TransportEnv): Transports {
  const transports: Transports = {};
  if (env.MATRIX_HOMESERVER_URL && env.MATRIX_BOT_ACCESS_TOKEN) {
    transports.matrix = createMatrixTransport({
      homeserverUrl: env.MATRIX_HOMESERVER_URL,
      accessToken: env.MATRIX_BOT_ACCESS_TOKEN,
    });
  }
  if (env.MATTERMOST_URL && env.MATTERMOST_BOT_TOKEN) {
    transports.mattermost = createMattermostTransport({ serverUrl: env.MATTERMOST_URL, botToken: env.MATTERMOST_BOT_TOKEN });
  }
  if (env.VIGIE_SECRET_KEY) {
    try {
      transports.gotify = createGotifyTransport({ secretKey: parseSecretKey(env.VIGIE_SECRET_KEY) });
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
