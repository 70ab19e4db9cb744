import { parseSecretKey } from "@/lib/crypto";
import type { Env } from "@/lib/env";
import type { ChannelType } from "./schema";

export type ChannelAvailability = Record<ChannelType, boolean> & {
  /** The accounts members write `!link` to. */
  matrixBot: string | null;
  mattermostBot: string | null;
};

/**
 * Which channel types this server can verify and deliver: chats need their bot, Gotify needs the key that
 * seals tokens, e-mail needs an SMTP server. The page offers only these.
 */
export function channelAvailability(env: Env): ChannelAvailability {
  return {
    matrix: Boolean(env.MATRIX_BOT_USER_ID && env.MATRIX_HOMESERVER_URL && env.MATRIX_BOT_ACCESS_TOKEN),
    mattermost: Boolean(env.MATTERMOST_URL && env.MATTERMOST_BOT_TOKEN && env.MATTERMOST_BOT_USERNAME),
    gotify: hasValidKey(env.VIGIE_SECRET_KEY),
    email: Boolean(env.SMTP_URL && env.MAIL_FROM),
    matrixBot: env.MATRIX_BOT_USER_ID ?? null,
    mattermostBot: env.MATTERMOST_BOT_USERNAME ? `@${env.MATTERMOST_BOT_USERNAME.replace(/^@/, "")}` : null,
  };
}

function hasValidKey(value: string | undefined): boolean {
  try {
    parseSecretKey(value);
    return true;
  } catch {
    return false;
  }
}
