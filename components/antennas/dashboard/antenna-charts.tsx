import { useFormatter, useLocale, useTranslations } from "next-intl";
import { TimeSeriesChart } from "@/components/dashboard/time-series-chart";
import { type AntennaFigure, antennaFigures, type Point } from "@/lib/antennas/dashboard-queries";
import { figureUnits, formatFigure } from "./figure-format";

type AntennaChartsProps = { charts: Record<AntennaFigure, Point[]>; allAntennas: boolean };

/** One chart per figure, each with a text summary that stands for it (and says so when there is no data). */
export function AntennaCharts({ charts, allAntennas }: AntennaChartsProps) {
  const t = useTranslations("ui.antennaDashboard");
  const format = useFormatter();
  const locale = useLocale();
  const title = (figure: AntennaFigure) =>
    allAntennas && figure === "clients"
      ? t("figures.clientsAll")
      : allAntennas && figure === "up"
        ? t("figures.upAll")
        : t(`figures.${figure}`);
  const summary = (figure: AntennaFigure) => {
    const values = charts[figure].map((point) => point.value);
    if (values.length === 0) return t("chart.empty");
    const say = (value: number) => formatFigure(format, figureUnits[figure], value);
    const average = values.reduce((sum, value) => sum + value, 0) / values.length;
    return t("chart.summary", { min: say(Math.min(...values)), avg: say(average), max: say(Math.max(...values)) });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {antennaFigures.map((figure) => (
        <section key={figure} aria-labelledby={`figure-${figure}`} className="space-y-2">
          <h2 id={`figure-${figure}`} className="text-lg font-semibold">
            {title(figure)}
          </h2>
          {charts[figure].length === 0 ? (
            <p className="text-sm text-slate-700">{summary(figure)}</p>
          ) : (
            <TimeSeriesChart
              points={charts[figure]}
              seriesLabel={title(figure)}
              summary={summary(figure)}
              unit={figureUnits[figure]}
              locale={locale}
            />
          )}
        </section>
      ))}
    </div>
  );
}
