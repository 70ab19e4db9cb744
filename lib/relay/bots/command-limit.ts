import { findLocaleForChatUser } from "@/lib/channels/data";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { defaultLocale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { createWindowLimiter, type WindowLimiter } from "@/lib/limits/window-limiter";
import { log } from "@/lib/log";

/** What a bot does with a command: answer it, say "slow down" once in the sender's language, or stay silent. */
export type CommandGate = { kind: "answer" } | { kind: "slowDown"; text: string } | { kind: "silent" };

const limitLog = log.child({ component: "bot-command-limit" });

/** Commands per chat account and minute (BOT_COMMANDS_PER_MINUTE), in this process's memory; one per bot. */
export function commandLimiterFromEnv(): WindowLimiter {
  return createWindowLimiter({ limit: env().BOT_COMMANDS_PER_MINUTE, windowMs: 60_000 });
}

/**
 * Counts one command from `userKey` (the network's stable user id) and says what to do with it. A flood gets one
 * answer, then nothing until the window ends: answering each message would make the bot flood back.
 * `sender()` gives the account name the member declared, read only for that one answer's language.
 */
export async function gateCommand(
  db: Db,
  limiter: WindowLimiter,
  input: { channelType: "matrix" | "mattermost"; userKey: string; sender: () => Promise<string> },
): Promise<CommandGate> {
  const verdict = limiter.hit(`${input.channelType}:${input.userKey}`);
  if (verdict.ok) return { kind: "answer" };
  if (!verdict.first) return { kind: "silent" };
  // The chat account identifies a person: the log says only that a limit was reached, and where.
  limitLog.warn({ network: input.channelType }, "chat commands limited");
  const locale = (await findLocaleForChatUser(db, input.channelType, await input.sender())) ?? defaultLocale;
  return {
    kind: "slowDown",
    text: translatorFor(locale, "bot")("commands.slowDown", { seconds: Math.ceil(verdict.retryAfterMs / 1000) }),
  };
}
