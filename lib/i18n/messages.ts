import { createTranslator } from "next-intl";
import type { Locale } from "./config";
import enAccount from "./messages/en/account.json";
import enAdmin from "./messages/en/admin.json";
import enAntennaDashboard from "./messages/en/antenna-dashboard.json";
import enAntennas from "./messages/en/antennas.json";
import enBot from "./messages/en/bot.json";
import enChannels from "./messages/en/channels.json";
import enDashboard from "./messages/en/dashboard.json";
import enErrors from "./messages/en/errors.json";
import enSettings from "./messages/en/settings.json";
import enSilences from "./messages/en/silences.json";
import enTargets from "./messages/en/targets.json";
import enUi from "./messages/en/ui.json";
import frAccount from "./messages/fr/account.json";
import frAdmin from "./messages/fr/admin.json";
import frAntennaDashboard from "./messages/fr/antenna-dashboard.json";
import frAntennas from "./messages/fr/antennas.json";
import frBot from "./messages/fr/bot.json";
import frChannels from "./messages/fr/channels.json";
import frDashboard from "./messages/fr/dashboard.json";
import frErrors from "./messages/fr/errors.json";
import frSettings from "./messages/fr/settings.json";
import frSilences from "./messages/fr/silences.json";
import frTargets from "./messages/fr/targets.json";
import frUi from "./messages/fr/ui.json";
import nlAccount from "./messages/nl/account.json";
import nlAdmin from "./messages/nl/admin.json";
import nlAntennaDashboard from "./messages/nl/antenna-dashboard.json";
import nlAntennas from "./messages/nl/antennas.json";
import nlBot from "./messages/nl/bot.json";
import nlChannels from "./messages/nl/channels.json";
import nlDashboard from "./messages/nl/dashboard.json";
import nlErrors from "./messages/nl/errors.json";
import nlSettings from "./messages/nl/settings.json";
import nlSilences from "./messages/nl/silences.json";
import nlTargets from "./messages/nl/targets.json";
import nlUi from "./messages/nl/ui.json";

// One JSON file per locale and area; pages read them under `ui.<area>`, the bots and alerts under `bot`. Every
// reason a server action can refuse with is one key of `ui.errors` (lib/action.ts types reasons against it).
const catalogues = {
  fr: {
    ui: {
      ...frUi,
      errors: frErrors,
      targets: frTargets,
      channels: frChannels,
      admin: frAdmin,
      antennas: frAntennas,
      silences: frSilences,
      dashboard: frDashboard,
      settings: frSettings,
      account: frAccount,
      antennaDashboard: frAntennaDashboard,
    },
    bot: frBot,
  },
  nl: {
    ui: {
      ...nlUi,
      errors: nlErrors,
      targets: nlTargets,
      channels: nlChannels,
      admin: nlAdmin,
      antennas: nlAntennas,
      silences: nlSilences,
      dashboard: nlDashboard,
      settings: nlSettings,
      account: nlAccount,
      antennaDashboard: nlAntennaDashboard,
    },
    bot: nlBot,
  },
  en: {
    ui: {
      ...enUi,
      errors: enErrors,
      targets: enTargets,
      channels: enChannels,
      admin: enAdmin,
      antennas: enAntennas,
      silences: enSilences,
      dashboard: enDashboard,
      settings: enSettings,
      account: enAccount,
      antennaDashboard: enAntennaDashboard,
    },
    bot: enBot,
  },
} as const;

export type Messages = (typeof catalogues)["fr"];

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale] as Messages;
}

/** Translator usable outside React (bots, transports, server actions' error values). */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace });
}
