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

/** Lines a message shows at most; the rest are counted ("…and 480 more"). A phone screen's worth. */
const maxLines = 20;
/** Characters kept of a target label and of an alert's name or summary (the rules' text, unbounded). */
const maxTargetChars = 80;
const maxNameChars = 160;
/**
 * Bytes of each part once JSON-encoded, as a Matrix event carries it. A Matrix edit holds body and HTML twice
 * (fallback and `m.new_content`), and megolm's base64 grows an encrypted event by a third: 2 × (8,000 + 13,000)
 * × 4/3 ≈ 56 KB stays under the homeserver's 64 KiB per event. Mattermost (16,383 characters), Gotify and e-mail
 * get the same body.
 */
export const messageBudget = { body: 8_000, formattedBody: 13_000 };

/**
 * One chat message for one notification: a title, then one line per alert, still-firing alerts first; at most
 * `maxLines` lines and `messageBudget` bytes, the alerts left out counted on a last line.
 */
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
  const lines = ordered.slice(0, maxLines).map((alert) => {
    const target = truncate(
      (alert.targetId && input.targetLabels.get(alert.targetId)) || t("alerts.unknownTarget"),
      maxTargetChars,
    );
    const name = truncate(alertNameInWords(input.locale, alert), maxNameChars);
    const values = { target, name, since: since.format(new Date(alert.startsAt)) };
    const text = alert.status === "firing" ? t("alerts.firingLine", values) : t("alerts.resolvedLine", values);
    return { text, target };
  });
  // Caps on lines and lengths keep real groups within budget; fewer lines are the last resort (HTML specials
  // grow fivefold once escaped).
  for (let shown = lines.length; ; shown -= 1) {
    const hidden = ordered.length - shown;
    const message = assemble(
      title,
      lines.slice(0, shown),
      hidden > 0 ? t("alerts.more", { count: hidden }) : undefined,
    );
    if (shown === 0 || fitsBudget(message)) return message;
  }
}

type Line = { text: string; target: string };

function assemble(title: string, lines: readonly Line[], more: string | undefined): RenderedMessage {
  const body = [title, ...lines.map((line) => `• ${line.text}`), ...(more ? [more] : [])].join("\n");
  // Every catalogue line starts with the target label, which the HTML bolds; all text is escaped, labels being
  // the member's own input and summaries the rules'.
  const items = lines.map(({ text, target }) => {
    const rest = text.startsWith(target) ? text.slice(target.length) : ` ${text}`;
    return `<li><strong>${escapeHtml(target)}</strong>${escapeHtml(rest)}</li>`;
  });
  const list = items.length > 0 ? `<ul>${items.join("")}</ul>` : "";
  const formattedBody = `<p><strong>${escapeHtml(title)}</strong></p>${list}${more ? `<p>${escapeHtml(more)}</p>` : ""}`;
  return { body, formattedBody };
}

function fitsBudget(message: RenderedMessage): boolean {
  const size = (text: string) => Buffer.byteLength(JSON.stringify(text));
  return size(message.body) <= messageBudget.body && size(message.formattedBody) <= messageBudget.formattedBody;
}

/** At most `max` characters (code points, so no emoji is cut in half), "…" marking a cut. */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join("")}…`;
}

/**
 * The catalogue's phrase for known alerts; otherwise the rule's summary, otherwise the alert name split into
 * words. Rule summaries are English only, which is why the catalogue comes first.
 */
export function alertNameInWords(locale: Locale, alert: NotificationAlert): string {
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
