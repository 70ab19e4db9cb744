"use client";

import { type ChartPoint, TimeSeriesChart } from "./time-series-chart";

export type { ChartPoint } from "./time-series-chart";

type ResponseTimeChartProps = {
  points: ChartPoint[];
  /** Legend name of the series, e.g. "Response time (ms)". */
  seriesLabel: string;
  /** Text alternative: what the chart shows, read instead of the canvas. */
  summary: string;
};

/** A line chart of response times, in milliseconds. */
export function ResponseTimeChart({ points, seriesLabel, summary }: ResponseTimeChartProps) {
  return <TimeSeriesChart points={points} seriesLabel={seriesLabel} summary={summary} unit="ms" />;
}
