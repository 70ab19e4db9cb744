import { buildDashboardQueries, historyByTarget, type UptimeWindow, uptimeWindows, valuesByTarget } from "./queries";
import { alignedWindow, buildRecentRuns, daySeconds, recentStepSeconds, type TimelineRun } from "./timeline";
import type { MetricsClient } from "./victoria-metrics";

/** Days of the long timeline; the 30-day one is its tail. */
export const timelineDays = 90;

export type MetricValues = {
  up: Map<string, number>;
  uptime: Record<UptimeWindow, Map<string, number>>;
  responseSeconds: Map<string, number>;
  certSecondsLeft: Map<string, number>;
  httpStatus: Map<string, number>;
  firstProbe: Map<string, number>;
  /** The last day at the probe's resolution, per target (each from its own source, at that source's step). */
  recentRuns: Map<string, TimelineRun[]>;
  daily: Map<string, { time: number; value: number }[]>;
};

/**
 * The dashboard's measures for the targets one source answers for: ten instant and range queries for all of them.
 * The day's timeline waits for the probe interval (its step); the other queries run meanwhile.
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
  const daily = client
    .queryRange(queries.dailyUptime, {
      start: new Date((tomorrow - (timelineDays - 1) * daySeconds) * 1000),
      end: new Date(tomorrow * 1000),
      stepSeconds: daySeconds,
    })
    .then((series) => historyByTarget(series, ownIds));
  // One Promise.all: a source that fails rejects once, with no query left rejecting unobserved.
  const [
    up,
    uptime24h,
    uptime7d,
    uptime30d,
    responseSeconds,
    certSecondsLeft,
    httpStatus,
    firstProbe,
    recentPart,
    dailyPoints,
  ] = await Promise.all([
    instant(queries.up),
    instant(queries.uptime["24h"]),
    instant(queries.uptime["7d"]),
    instant(queries.uptime["30d"]),
    instant(queries.responseSeconds),
    instant(queries.certSecondsLeft),
    instant(queries.httpStatus),
    instant(queries.firstProbe),
    recent,
    daily,
  ]);
  const { window, marks } = recentPart;
  return {
    up,
    uptime: { "24h": uptime24h, "7d": uptime7d, "30d": uptime30d },
    responseSeconds,
    certSecondsLeft,
    httpStatus,
    firstProbe,
    recentRuns: new Map(
      [...ownIds].map((target) => {
        const targetMarks = new Map((marks.get(target) ?? []).map((point) => [point.time, point.value]));
        return [target, buildRecentRuns(window, targetMarks, firstProbe.get(target))];
      }),
    ),
    daily: dailyPoints,
  };
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
    firstProbe: merge((v) => v.firstProbe),
    recentRuns: merge((v) => v.recentRuns),
    daily: merge((v) => v.daily),
  };
}
