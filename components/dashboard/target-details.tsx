"use client";

import { type ReactNode, useState } from "react";
import { type ChartPoint, ResponseTimeChart } from "./response-time-chart";

type TargetDetailsProps = {
  title: string;
  points: ChartPoint[];
  seriesLabel: string;
  chartSummary: string;
  children: ReactNode;
};

/**
 * A disclosure per target; the chart is drawn only once it is opened, so a page with hundreds of targets does
 * not create hundreds of canvases.
 */
export function TargetDetails({ title, points, seriesLabel, chartSummary, children }: TargetDetailsProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="rounded border border-slate-200 p-3" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer font-medium focus-visible:outline-2 focus-visible:outline-teal-800">
        {title}
      </summary>
      <div className="mt-3 space-y-4">
        {open && points.length > 0 ? (
          <ResponseTimeChart points={points} seriesLabel={seriesLabel} summary={chartSummary} />
        ) : (
          <p className="text-sm text-slate-700">{chartSummary}</p>
        )}
        {children}
      </div>
    </details>
  );
}
