import { createTranslator } from "next-intl";
import type { Locale } from "./config";
import enUi from "./messages/en/ui.json";
import frUi from "./messages/fr/ui.json";
import nlUi from "./messages/nl/ui.json";
import enBot from "./messages/en/bot.json";
import frBot from "./messages/fr/bot.json";
import nlBot from "./messages/nl/bot.json";

// One JSON file per locale and namespace: `ui` for pages and forms, `bot` for chat commands and alert messages.
const catalogues = {
  fr: { ui: frUi, bot: frBot },
  nl: { ui: nlUi, bot: nlBot },
  en: { ui: enUi, bot: enBot },
} as const;

export type Messages = (typeof catalogues)["fr"];

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale] as Messages;
}

/** Translator usable outside React (bots, transports, server actions' error values). */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace });
}
