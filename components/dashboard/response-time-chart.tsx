"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartPoint = { time: number; value: number };

type ResponseTimeChartProps = {
  points: ChartPoint[];
  /** Legend name of the series, e.g. "Response time (ms)". */
  seriesLabel: string;
  /** Text alternative: what the chart shows, read instead of the canvas. */
  summary: string;
};

const height = 180;

/** A line chart of response times; the canvas is hidden from assistive technology, the summary stands for it. */
export function ResponseTimeChart({ points, seriesLabel, summary }: ResponseTimeChartProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element || points.length === 0) return;
    const data: uPlot.AlignedData = [points.map((point) => point.time), points.map((point) => point.value)];
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        legend: { show: false },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(max * 1.1, 1)] } },
        series: [{}, { label: seriesLabel, stroke: "#115e59", width: 2, fill: "rgba(17, 94, 89, 0.08)" }],
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => `${tick} ms`), size: 64 }],
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
  }, [points, seriesLabel]);

  return (
    <figure className="space-y-2">
      <div ref={container} aria-hidden="true" className="w-full" />
      <figcaption className="text-sm text-slate-700">{summary}</figcaption>
    </figure>
  );
}
