"use client";

import { useFormatter, useTranslations } from "next-intl";
import { durationParts } from "./levels";

const timeZone = "Europe/Brussels";

/** Dates, times, shares and durations as the page's locale writes them, in Brussels time. */
export function useDashboardFormat() {
  const format = useFormatter();
  const t = useTranslations("ui.dashboard.incidents");
  return {
    dateTime: (seconds: number) =>
      format.dateTime(new Date(seconds * 1000), { dateStyle: "medium", timeStyle: "short", timeZone }),
    time: (seconds: number) => format.dateTime(new Date(seconds * 1000), { timeStyle: "short", timeZone }),
    /** A UTC day of the long timeline. */
    day: (seconds: number) => format.dateTime(new Date(seconds * 1000), { dateStyle: "medium", timeZone: "UTC" }),
    share: (value: number) => format.number(value, { style: "percent", maximumFractionDigits: 2 }),
    duration: (seconds: number) => {
      const parts = durationParts(seconds);
      if (parts.unit === "minutes") return t("durationMinutes", { minutes: parts.minutes });
      if (parts.unit === "hours") return t("durationHours", { hours: parts.hours, minutes: parts.minutes });
      return t("durationDays", { days: parts.days, hours: parts.hours });
    },
  };
}
