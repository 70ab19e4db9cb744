"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { type ResponseHistoryView, responseHistorySchema } from "@/lib/dashboard/view";
import { TimeSeriesChart } from "./time-series-chart";

const ranges = ["24h", "7d", "30d"] as const;
type Range = (typeof ranges)[number];

async function fetchHistory(targetId: string, range: Range): Promise<ResponseHistoryView> {
  const response = await fetch(`/api/dashboard/history?${new URLSearchParams({ target: targetId, range })}`, {
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`history: HTTP ${response.status}`);
  return responseHistorySchema.parse(await response.json());
}

/** A target's response-time chart over a chosen range, fetched when its details are opened and kept fresh. */
export function ResponseHistory({ targetId }: { targetId: string }) {
  const t = useTranslations("ui.dashboard.chart");
  const locale = useLocale();
  const [range, setRange] = useState<Range>("24h");
  const query = useQuery({
    queryKey: ["dashboard-history", targetId, range],
    queryFn: () => fetchHistory(targetId, range),
    refetchInterval: 30_000,
  });
  const history = query.data;
  const values = history?.points.flatMap((point) => (point.ms === null ? [] : [point.ms])) ?? [];
  const down = history?.points.filter((point) => point.down).length ?? 0;
  const summary =
    values.length === 0
      ? t("empty")
      : t("summary", {
          range,
          min: Math.min(...values),
          avg: Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10,
          max: Math.max(...values),
          down,
        });

  return (
    <div className="space-y-2">
      <fieldset className="flex flex-wrap items-center gap-2 text-sm">
        <legend className="sr-only">{t("range")}</legend>
        {ranges.map((choice) => (
          <button
            key={choice}
            type="button"
            aria-pressed={range === choice}
            onClick={() => setRange(choice)}
            className={`rounded border px-2 py-0.5 ${range === choice ? "border-teal-800 bg-teal-800 text-white" : "border-slate-400"}`}
          >
            {t(`ranges.${choice}`)}
          </button>
        ))}
      </fieldset>
      {history === undefined ? (
        <p className="text-sm text-slate-700">{query.isError ? t("unavailable") : t("loading")}</p>
      ) : history.points.length === 0 ? (
        <p className="text-sm text-slate-700">{t("empty")}</p>
      ) : (
        <TimeSeriesChart
          points={history.points.map((point) => ({ time: point.time, value: point.ms }))}
          marks={history.points.filter((point) => point.down).map((point) => point.time)}
          marksLabel={t("down")}
          xRange={[history.start, history.end]}
          seriesLabel={t("series")}
          summary={summary}
          unit="ms"
          locale={locale}
        />
      )}
    </div>
  );
}
