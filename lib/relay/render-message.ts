import type { NotificationAlert } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor, translatorFor } from "@/lib/i18n/messages";

export type RenderedMessage = { body: string; formattedBody: string };

export type NotificationToRender = {
  locale: Locale;
  alerts: readonly NotificationAlert[];
  /** Labels the member gave their targets, by target id: ids are pseudonyms and never shown. */
  targetLabels: ReadonlyMap<string, string>;
  /** Members are in Belgium; the time zone is a parameter so tests and other hubs can choose. */
  timeZone?: string;
};

const dateLocales: Record<Locale, string> = { fr: "fr-BE", nl: "nl-BE", en: "en-GB" };

/** One chat message for one notification: a title, then one line per alert, still-firing alerts first. */
export function renderNotification(input: NotificationToRender): RenderedMessage {
  const t = translatorFor(input.locale, "bot");
  const since = new Intl.DateTimeFormat(dateLocales[input.locale], {
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: input.timeZone ?? "Europe/Brussels",
  });
  const firing = input.alerts.filter((alert) => alert.status === "firing");
  const onlyReminders = firing.length > 0 && firing.every((alert) => alert.reminder);
  const title =
    firing.length > 0
      ? t(onlyReminders ? "alerts.reminderTitle" : "alerts.firingTitle", { count: firing.length })
      : t("alerts.resolvedTitle", { count: input.alerts.length });

  const ordered = [...firing, ...input.alerts.filter((alert) => alert.status !== "firing")];
  const lines = ordered.map((alert) => {
    const target = (alert.targetId && input.targetLabels.get(alert.targetId)) || t("alerts.unknownTarget");
    const values = { target, name: alertNameInWords(input.locale, alert), since: since.format(new Date(alert.startsAt)) };
    const text = alert.status === "firing" ? t("alerts.firingLine", values) : t("alerts.resolvedLine", values);
    return { text, target };
  });

  const body = [title, ...lines.map((line) => `• ${line.text}`)].join("\n");
  // Every catalogue line starts with the target label, which the HTML bolds; all text is escaped, labels being
  // the member's own input and summaries the rules'.
  const items = lines.map(({ text, target }) => {
    const rest = text.startsWith(target) ? text.slice(target.length) : ` ${text}`;
    return `<li><strong>${escapeHtml(target)}</strong>${escapeHtml(rest)}</li>`;
  });
  const formattedBody = `<p><strong>${escapeHtml(title)}</strong></p><ul>${items.join("")}</ul>`;
  return { body, formattedBody };
}

/**
 * The catalogue's phrase for known alerts; otherwise the rule's summary, otherwise the alert name split into
 * words. Rule summaries are English only, which is why the catalogue comes first.
 */
function alertNameInWords(locale: Locale, alert: NotificationAlert): string {
  if (alert.alertname === "BlackboxHttpRedirect" && alert.statusCode !== undefined) {
    return translatorFor(locale, "bot")("alerts.redirect", { code: alert.statusCode });
  }
  const names: Record<string, string> = messagesFor(locale).bot.alerts.names;
  if (Object.hasOwn(names, alert.alertname)) return names[alert.alertname] as string;
  if (alert.summary) return alert.summary;
  const words = alert.alertname.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
