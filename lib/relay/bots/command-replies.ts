import { findLocaleForMatrixUser } from "@/lib/channels/data";
import type { Db } from "@/lib/db/client";
import { defaultLocale, type Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { consumeLinkToken } from "@/lib/link-tokens/mutations";
import type { LinkTokenFailure } from "@/lib/link-tokens/schema";
import type { BotCommand } from "./commands";

export type CommandContext = { sender: string; roomId: string; isDirect: boolean };

const failureKeys = {
  unknown: "link.unknown",
  expired: "link.expired",
  used: "link.used",
  wrong_sender: "link.wrongSender",
} as const satisfies Record<LinkTokenFailure, string>;

/** Acts on a command and returns the answer text, in the language of the member who owns the sender's account. */
export async function answerCommand(db: Db, command: BotCommand, context: CommandContext): Promise<string> {
  if (command.kind === "link" && command.token && context.isDirect) {
    const result = await consumeLinkToken(db, { token: command.token, sender: context.sender, roomId: context.roomId });
    if (result.ok) return translatorFor(result.locale, "bot")("link.success");
    return translatorFor(await senderLocale(db, context.sender), "bot")(failureKeys[result.reason]);
  }
  const t = translatorFor(await senderLocale(db, context.sender), "bot");
  switch (command.kind) {
    case "link":
      // Alerts must not reach a room others can read, so only a one-to-one conversation may be linked.
      return command.token ? t("link.notDirect") : t("link.missingToken");
    case "help":
      return t("commands.help");
    case "unknown":
      return t("commands.unknown", { command: command.command });
  }
}

async function senderLocale(db: Db, sender: string): Promise<Locale> {
  return (await findLocaleForMatrixUser(db, sender)) ?? defaultLocale;
}
