import { createFormatter } from "next-intl";
import type { Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import type { ListedSilence } from "@/lib/silences/data";
import { silenceTimeZone, type Weekday } from "@/lib/silences/schema";
import type { SilenceRow } from "./silence-table";

const weekOrder: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/**
 * The silences as the table shows them, in the PAGE's language (`/en/silences` reads English dates whatever the
 * member's stored language, which is for the messages sent to them) and in Brussels time, as silences are set.
 */
export function silenceRows(silences: readonly ListedSilence[], locale: Locale): SilenceRow[] {
  const t = translatorFor(locale, "ui");
  const format = createFormatter({ locale, timeZone: silenceTimeZone });
  const at = (date: Date | null) => (date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : "");
  const describe = (silence: ListedSilence): string => {
    if (silence.kind === "weekly" && silence.weekly) {
      const chosen = silence.weekly.weekdays;
      const days = weekOrder.filter((day) => chosen.includes(day)).map((day) => t(`silences.weekdays.${day}`));
      return t("silences.weeklyWindow", {
        days: format.list(days, { type: "conjunction" }),
        start: silence.weekly.start,
        end: silence.weekly.end,
      });
    }
    if (silence.createdVia === "ack" && silence.state !== "ended") {
      return t("silences.untilResolved", { start: at(silence.startsAt) });
    }
    return t("silences.window", { start: at(silence.startsAt), end: at(silence.endsAt) });
  };
  return silences.map((silence) => ({
    id: silence.id,
    target: silence.targetLabel,
    when: describe(silence),
    origin: silence.createdVia,
    state: silence.state,
    comment: silence.comment,
  }));
}
