import type { Db } from "@/lib/db/client";
import { findDashboardTarget } from "./data";
import { buildHistoryQueries } from "./queries";
import { alignedWindow } from "./timeline";
import type { MetricsClient } from "./victoria-metrics";

export const historyRanges = ["24h", "7d", "30d"] as const;
export type HistoryRange = (typeof historyRanges)[number];

const rangeSeconds: Record<HistoryRange, number> = { "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 };

/** Points a chart gets at most: enough for a phone or a wide screen, few enough to poll. */
export const maxChartPoints = 300;
/** Below this a step holds too few probes to average (the dev stack probes every 15 s, tests every 2 s). */
const minStepSeconds = 15;

/** A step's average response time, or null with `down` when one of its probes failed (the line breaks there). */
export type ResponsePoint = { time: number; ms: number | null; down: boolean };
export type ResponseHistory = { start: number; end: number; step: number; points: ResponsePoint[] };

/**
 * The step that fits the data: the time since the first probe of the range (not the range itself), in at most
 * `maxChartPoints` steps, never finer than one probe interval. A target added a minute ago is charted per probe,
 * so its first points show at once; a month-old one per ~2.4 hours on the 30-day range.
 */
export function historyStepSeconds(dataSpanSeconds: number, probeIntervalSeconds: number | undefined): number {
  const floor = Math.max(minStepSeconds, Math.ceil(probeIntervalSeconds ?? 0));
  return Math.max(floor, Math.ceil(dataSpanSeconds / maxChartPoints));
}

export type ResponseHistoryOptions = {
  metrics?: MetricsClient;
  metricsByKind?: ReadonlyMap<string, MetricsClient>;
  now?: Date;
};

/**
 * One target's response times over `range` (two metrics queries, then two more), or null when the target is not the
 * member's. No metrics source: an empty chart.
 */
export async function loadResponseHistory(
  db: Db,
  memberId: string,
  targetId: string,
  range: HistoryRange,
  options: ResponseHistoryOptions,
): Promise<ResponseHistory | null> {
  const target = await findDashboardTarget(db, memberId, targetId);
  if (!target) return null;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const client = options.metricsByKind?.get(target.kind) ?? options.metrics;
  const empty = { start: nowSeconds - rangeSeconds[range], end: nowSeconds, step: rangeSeconds[range], points: [] };
  if (!client) return empty;

  const probe = buildHistoryQueries(memberId, targetId, 60);
  // A range query rather than an instant one: across a tier move only range queries read the tier left. Its last
  // step lies ahead of now, so a probe made a second ago is found.
  const coarse = rangeSeconds[range] / 30;
  const coarseEnd = Math.ceil(nowSeconds / coarse) * coarse;
  const [first, interval] = await Promise.all([
    client.queryRange(probe.firstProbe(coarse), {
      start: new Date((coarseEnd - rangeSeconds[range] - coarse) * 1000),
      end: new Date(coarseEnd * 1000),
      stepSeconds: coarse,
    }),
    client.queryInstant(`max(scrape_interval(${probe.selector}[30m]))`, new Date(nowSeconds * 1000)),
  ]);
  const firstProbe = first[0]?.points.find((point) => Number.isFinite(point.value))?.value;
  if (firstProbe === undefined) return empty;
  const span = nowSeconds - Math.max(nowSeconds - rangeSeconds[range], firstProbe);
  const window = alignedWindow(nowSeconds, Math.max(span, 1), historyStepSeconds(span, interval[0]?.value));
  const queries = buildHistoryQueries(memberId, targetId, window.step);
  const rangeWindow = {
    start: new Date(window.start * 1000),
    end: new Date(window.end * 1000),
    stepSeconds: window.step,
  };
  const [durations, successes] = await Promise.all([
    client.queryRange(queries.duration, rangeWindow),
    client.queryRange(queries.allUp, rangeWindow),
  ]);
  const up = new Map((successes[0]?.points ?? []).map((point) => [point.time, point.value]));
  const points = (durations[0]?.points ?? []).flatMap((point): ResponsePoint[] => {
    if (!Number.isFinite(point.value)) return [];
    const down = (up.get(point.time) ?? 1) < 1;
    return [{ time: point.time, ms: down ? null : Math.round(point.value * 10_000) / 10, down }];
  });
  return { ...window, points };
}
