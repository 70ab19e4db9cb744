"use client";

import { useTranslations } from "next-intl";
import type { CSSProperties } from "react";
import type { DashboardTargetView } from "@/lib/dashboard/view";
import { useDashboardFormat } from "./use-dashboard-format";

type Run = DashboardTargetView["recent"][number];
type Day = DashboardTargetView["days"][number];

// Down is hatched as well as red, and "no data" is an outlined empty box: neither depends on seeing colour.
const hatched: CSSProperties = {
  backgroundImage: "repeating-linear-gradient(135deg, #b91c1c 0 3px, #fecaca 3px 5px)",
};
const barClass = {
  up: "bg-teal-700",
  down: "",
  none: "border border-slate-500 bg-white",
};

/** The last day at the probe's resolution: one segment per run of equal steps, its width its duration. */
export function RecentTimeline({ runs }: { runs: Run[] }) {
  const t = useTranslations("ui.dashboard.timeline");
  const format = useDashboardFormat();
  const seconds = (state: Run["state"]) =>
    runs.filter((run) => run.state === state).reduce((sum, run) => sum + run.end - run.start, 0);
  const measured = seconds("up") + seconds("down");
  const summary =
    measured === 0
      ? t("recentEmpty")
      : t("recentSummary", {
          outages: runs.filter((run) => run.state === "down").length,
          share: format.share(seconds("up") / measured),
        });
  return (
    <div className="space-y-1">
      <h4 className="text-sm font-medium">{t("recentTitle")}</h4>
      <ol className="flex h-8 w-full gap-px overflow-hidden" aria-label={t("recentTitle")}>
        {runs.map((run) => {
          const text = t("run", { state: run.state, from: format.dateTime(run.start), to: format.dateTime(run.end) });
          return (
            <li
              key={run.start}
              title={text}
              data-state={run.state}
              className={`h-full basis-0 ${barClass[run.state]}`}
              // A one-probe outage is 1/1,440 of the day: it keeps a few pixels so it is seen.
              style={{
                flexGrow: run.end - run.start,
                minWidth: run.state === "down" ? 3 : 0,
                ...(run.state === "down" ? hatched : {}),
              }}
            >
              <span className="sr-only">{text}</span>
            </li>
          );
        })}
      </ol>
      <p className="text-sm text-slate-700">{summary}</p>
    </div>
  );
}

/** One bar per day, its height the share of successful probes; a day with an outage is hatched red. */
export function DayTimeline({ days }: { days: Day[] }) {
  const t = useTranslations("ui.dashboard.timeline");
  const format = useDashboardFormat();
  const title = t("daysTitle", { days: days.length });
  const down = days.filter((day) => day.share !== null && day.share < 1).length;
  const none = days.filter((day) => day.share === null).length;
  return (
    <div className="space-y-1">
      <h4 className="text-sm font-medium">{title}</h4>
      <ol className="flex h-8 w-full items-end gap-px" aria-label={title}>
        {days.map((day) => {
          const date = format.day(day.start);
          const state = day.share === null ? "none" : day.share < 1 ? "down" : "up";
          const text =
            day.share === null
              ? t("dayNone", { date })
              : t(state === "down" ? "dayDown" : "day", { date, share: format.share(day.share) });
          return (
            <li
              key={day.start}
              title={text}
              data-state={state}
              className={`min-w-0 flex-1 ${barClass[state]}`}
              style={{
                height: `${day.share === null ? 100 : Math.max(day.share, 0.2) * 100}%`,
                ...(state === "down" ? hatched : {}),
              }}
            >
              <span className="sr-only">{text}</span>
            </li>
          );
        })}
      </ol>
      <p className="text-sm text-slate-700">{t("daysSummary", { days: days.length, down, none })}</p>
    </div>
  );
}
