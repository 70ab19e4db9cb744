"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** A null value breaks the line (a step where nothing was measured, or where the probe failed). */
export type ChartPoint = { time: number; value: number | null };
/** What the values are: the y axis labels them in the page's locale. */
export type ChartUnit = "ms" | "count" | "bitsPerSecond" | "dbm";

type TimeSeriesChartProps = {
  points: ChartPoint[];
  /** Legend name of the series, e.g. "Response time (ms)". */
  seriesLabel: string;
  /** Text alternative: what the chart shows, read instead of the canvas. */
  summary: string;
  unit?: ChartUnit;
  /** The page's locale for axis labels; without it uPlot's own time labels and plain numbers are used. */
  locale?: string;
  /** Times to flag on the baseline (failed probes), drawn as red squares: an outage shows even where the line breaks. */
  marks?: number[];
  marksLabel?: string;
  /** The time axis, in seconds: the range asked for, so one point does not stretch the axis over years. */
  xRange?: [number, number];
};

const height = 180;

function valueLabel(unit: ChartUnit, locale: string | undefined): (value: number) => string {
  const compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (unit === "bitsPerSecond") return (value) => `${compact.format(value)} bit/s`;
  if (unit === "dbm") return (value) => `${plain.format(value)} dBm`;
  if (unit === "count") return (value) => plain.format(value);
  return (value) => `${plain.format(value)} ms`;
}

/** Hours on a day's chart, dates on longer ones, as the page's locale writes them. */
function timeLabel(locale: string, spanSeconds: number): (seconds: number) => string {
  const format = new Intl.DateTimeFormat(
    locale,
    spanSeconds <= 2 * 86_400 ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" },
  );
  return (seconds) => format.format(new Date(seconds * 1000));
}

/** A line chart over time; the canvas is hidden from assistive technology, the summary stands for it. */
export function TimeSeriesChart({
  points,
  seriesLabel,
  summary,
  unit = "ms",
  locale,
  marks,
  marksLabel,
  xRange,
}: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || points.length === 0) return;
    const times = points.map((point) => point.time);
    const marked = new Set(marks ?? []);
    const data: uPlot.AlignedData = [times, points.map((point) => point.value)];
    if (marks) data.push(times.map((time) => (marked.has(time) ? 0 : null)));
    const formatValue = valueLabel(unit, locale);
    const span = xRange ? xRange[1] - xRange[0] : (times.at(-1) ?? 0) - (times[0] ?? 0);
    const formatTime = locale ? timeLabel(locale, span) : undefined;
    const sparse = points.filter((point) => point.value !== null).length < 30;
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        legend: { show: false },
        // Signal strengths are negative: their axis follows the data; the others start at zero.
        scales: {
          ...(xRange ? { x: { time: true, range: () => xRange } } : {}),
          ...(unit === "dbm" ? {} : { y: { range: (_u, _min, max) => [0, Math.max(max * 1.1, 1)] } }),
        },
        series: [
          {},
          {
            label: seriesLabel,
            stroke: "#115e59",
            width: 2,
            fill: "rgba(17, 94, 89, 0.08)",
            // A new target's first points are dots, not an invisible line of one point.
            points: { show: sparse },
          },
          ...(marks
            ? [
                {
                  label: marksLabel ?? "",
                  stroke: "#b91c1c",
                  width: 0,
                  paths: () => null,
                  points: { show: true, size: 8, fill: "#b91c1c" },
                },
              ]
            : []),
        ],
        axes: [
          formatTime ? { values: (_u, ticks) => ticks.map(formatTime) } : {},
          { values: (_u, ticks) => ticks.map(formatValue), size: unit === "ms" || unit === "count" ? 64 : 84 },
        ],
      },
      data,
      element,
    );
    // uPlot draws at a fixed size: follow the container when the window is resized.
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [points, seriesLabel, unit, locale, marks, marksLabel, xRange]);

  return (
    <figure className="space-y-2">
      <div ref={container} aria-hidden="true" className="w-full" />
      <figcaption className="text-sm text-slate-700">{summary}</figcaption>
    </figure>
  );
}
