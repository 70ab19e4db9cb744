import { buildDashboardQueries, historyByTarget, type UptimeWindow, uptimeWindows, valuesByTarget } from "./queries";
import { alignedWindow, buildRecentRuns, daySeconds, recentStepSeconds, type TimelineRun } from "./timeline";
import { type ProbeCounts, uptimeFromCounts, uptimeWindowDays, windowEdge } from "./uptime";
import type { InstantSeries, MetricsClient, RangeSeries } from "./victoria-metrics";

/** Days of the long timeline; the 30-day one is its tail. */
export const timelineDays = 90;

export type MetricValues = {
  up: Map<string, number>;
  uptime: Record<UptimeWindow, Map<string, number>>;
  responseSeconds: Map<string, number>;
  certSecondsLeft: Map<string, number>;
  httpStatus: Map<string, number>;
  /** The last day at the probe's resolution, per target (each from its own source, at that source's step). */
  recentRuns: Map<string, TimelineRun[]>;
  /** Share of successful probes per UTC day (keyed by the day's start, in seconds). */
  daily: Map<string, { time: number; value: number }[]>;
};

/**
 * The dashboard's measures for the targets one source answers for: eleven instant and range queries for all of
 * them, whatever their number. The day's timeline waits for the probe interval (its step); the others run meanwhile.
 */
export async function queryMetricValues(
  client: MetricsClient,
  memberId: string,
  ownIds: ReadonlySet<string>,
  now: Date,
): Promise<MetricValues> {
  const queries = buildDashboardQueries(memberId);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const instant = (query: string) => client.queryInstant(query, now).then((series) => valuesByTarget(series, ownIds));
  const recent = client.queryInstant(queries.probeInterval, now).then(async (series) => {
    const window = alignedWindow(nowSeconds, daySeconds, recentStepSeconds(series[0]?.value));
    const range = { start: new Date(window.start * 1000), end: new Date(window.end * 1000), stepSeconds: window.step };
    const marks = historyByTarget(await client.queryRange(queries.recentTimeline(window.step), range), ownIds);
    return { window, marks };
  });
  // Each point closes the day before it, so the last one (tomorrow, 0:00 UTC) holds today so far.
  const tomorrow = (Math.floor(nowSeconds / daySeconds) + 1) * daySeconds;
  const daily = client.queryRange(queries.dailyCounts, {
    start: new Date((tomorrow - (timelineDays - 1) * daySeconds) * 1000),
    end: new Date(tomorrow * 1000),
    stepSeconds: daySeconds,
  });
  const edges = uptimeWindows.map((window) => {
    const edge = windowEdge(now.getTime(), uptimeWindowDays[window]);
    return client
      .queryInstant(queries.edgeCounts(edge.lengthMs), new Date(edge.atMs))
      .then((series) => ({ window, endSeconds: edge.atMs / 1000, counts: countsByTarget(series, ownIds) }));
  });
  // One Promise.all: a source that fails rejects once, with no query left rejecting unobserved.
  const [up, responseSeconds, certSecondsLeft, httpStatus, firstProbe, recentPart, dailySeries, ...edgeCounts] =
    await Promise.all([
      instant(queries.up),
      instant(queries.responseSeconds),
      instant(queries.certSecondsLeft),
      instant(queries.httpStatus),
      instant(queries.firstProbe),
      recent,
      daily,
      ...edges,
    ]);
  const { window, marks } = recentPart;
  const days = dailyCountsByTarget(dailySeries, ownIds);
  const uptime = Object.fromEntries(uptimeWindows.map((w) => [w, new Map<string, number>()])) as MetricValues["uptime"];
  for (const { window: name, endSeconds, counts } of edgeCounts) {
    for (const target of ownIds) {
      const share = uptimeFromCounts(days.get(target) ?? new Map(), counts.get(target), endSeconds);
      if (share !== null) uptime[name].set(target, share);
    }
  }
  return {
    up,
    uptime,
    responseSeconds,
    certSecondsLeft,
    httpStatus,
    recentRuns: new Map(
      [...ownIds].map((target) => {
        const targetMarks = new Map((marks.get(target) ?? []).map((point) => [point.time, point.value]));
        return [target, buildRecentRuns(window, targetMarks, firstProbe.get(target))];
      }),
    ),
    daily: new Map(
      [...days].map(([target, byDay]) => [
        target,
        [...byDay].map(([start, counts]) => ({ time: start + daySeconds, value: counts.up / counts.all })),
      ]),
    ),
  };
}

function countsByTarget(series: readonly InstantSeries[], ownIds: ReadonlySet<string>): Map<string, ProbeCounts> {
  const counts = new Map<string, ProbeCounts>();
  for (const { labels, value } of series) {
    const part = labels.part;
    if (!labels.target || !ownIds.has(labels.target) || !Number.isFinite(value)) continue;
    if (part !== "up" && part !== "all") continue;
    const entry = counts.get(labels.target) ?? { up: 0, all: 0 };
    entry[part] = value;
    counts.set(labels.target, entry);
  }
  return counts;
}

/** Probe counts by target and UTC day (the day's start); days nothing was probed are left out. */
function dailyCountsByTarget(
  series: readonly RangeSeries[],
  ownIds: ReadonlySet<string>,
): Map<string, Map<number, ProbeCounts>> {
  const days = new Map<string, Map<number, ProbeCounts>>();
  for (const { labels, points } of series) {
    const part = labels.part;
    if (!labels.target || !ownIds.has(labels.target) || (part !== "up" && part !== "all")) continue;
    const byDay = days.get(labels.target) ?? new Map<number, ProbeCounts>();
    for (const point of points) {
      if (!Number.isFinite(point.value)) continue;
      const start = point.time - daySeconds;
      const entry = byDay.get(start) ?? { up: 0, all: 0 };
      entry[part] = point.value;
      byDay.set(start, entry);
    }
    days.set(labels.target, byDay);
  }
  for (const byDay of days.values()) for (const [start, counts] of byDay) if (counts.all <= 0) byDay.delete(start);
  return days;
}

/** Sources answer for disjoint targets: their maps add up. */
export function mergeMetricValues(parts: readonly MetricValues[]): MetricValues {
  const merge = <V>(pick: (values: MetricValues) => Map<string, V>) =>
    new Map(parts.flatMap((part) => [...pick(part)]));
  return {
    up: merge((v) => v.up),
    uptime: Object.fromEntries(uptimeWindows.map((w) => [w, merge((v) => v.uptime[w])])) as MetricValues["uptime"],
    responseSeconds: merge((v) => v.responseSeconds),
    certSecondsLeft: merge((v) => v.certSecondsLeft),
    httpStatus: merge((v) => v.httpStatus),
    recentRuns: merge((v) => v.recentRuns),
    daily: merge((v) => v.daily),
  };
}
