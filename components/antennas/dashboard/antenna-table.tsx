import { useFormatter, useTranslations } from "next-intl";
import type { AntennaSummary } from "@/lib/antennas/dashboard-queries";
import type { AntennaRow } from "@/lib/antennas/load-antenna-dashboard";
import { figureUnits, formatFigure } from "./figure-format";

const columns = ["clientsPeak", "bandwidthIn", "bandwidthOut", "uptime", "signalMin", "signalAvg"] as const;

/** One row per antenna over the period, as a real table for screen readers. */
export function AntennaTable({ rows }: { rows: AntennaRow[] }) {
  const t = useTranslations("ui.antennaDashboard.table");
  const format = useFormatter();
  const missing = (text: string) => (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{text}</span>
    </>
  );
  const cell = (summary: AntennaSummary, column: (typeof columns)[number]) => {
    const say = (value: number | null, figure: keyof typeof figureUnits) =>
      value === null ? missing(t("noData")) : formatFigure(format, figureUnits[figure], value);
    switch (column) {
      case "clientsPeak":
        return say(summary.clientsPeak, "clients");
      case "bandwidthIn":
        return say(summary.bandwidthInAvg, "bandwidthIn");
      case "bandwidthOut":
        return say(summary.bandwidthOutAvg, "bandwidthOut");
      case "uptime":
        return summary.uptime === null
          ? missing(t("noData"))
          : format.number(summary.uptime, { style: "percent", maximumFractionDigits: 1 });
      case "signalMin":
        return say(summary.signalMin, "signalMin");
      case "signalAvg":
        return say(summary.signalAvg, "signalAvg");
    }
  };

  return (
    <div className="overflow-x-auto">
      <table className="stacked-table w-full border-collapse text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-3">
              {t("antenna")}
            </th>
            {columns.map((column) => (
              <th key={column} scope="col" className="py-2 pr-3">
                {t(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, placeCode, summary }) => (
            <tr key={id} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 font-medium">
                {placeCode}
              </th>
              {summary ? (
                columns.map((column) => (
                  <td key={column} className="py-2 pr-3" data-label={t(column)}>
                    {cell(summary, column)}
                  </td>
                ))
              ) : (
                // One cell, said once: the tier did not answer, so none of the figures is known.
                <td colSpan={columns.length} className="py-2 pr-3 text-slate-700">
                  {t("unavailable")}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
