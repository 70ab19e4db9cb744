import { z } from "zod";
import type { InstantSeries, RangeSeries } from "./victoria-metrics";

/** Member ids as lib/ids makes them: nothing that could close the label matcher and widen the query. */
const memberIdSchema = z.string().regex(/^m_[A-Za-z0-9_-]{1,64}$/);
const targetIdSchema = z.string().regex(/^t_[A-Za-z0-9_-]{1,64}$/);

export const uptimeWindows = ["24h", "7d", "30d"] as const;
export type UptimeWindow = (typeof uptimeWindows)[number];

/** How far back the "current" value may lie: five production scrape intervals. */
const currentLookback = "5m";

/** The selector every dashboard query starts from; the member label comes from the session, never the browser. */
export function memberSelector(metric: string, memberId: string, targetId?: string): string {
  const member = memberIdSchema.parse(memberId);
  if (targetId === undefined) return `${metric}{member="${member}"}`;
  return `${metric}{member="${member}",target="${targetIdSchema.parse(targetId)}"}`;
}

/**
 * Successful (`part="up"`) and total (`part="all"`) probes per target over `window`, in one query. The sums are
 * taken across ALL of a target's series before any division: when a label is added (`depends_on` once its VPN
 * server is declared) the series splits in two, and averaging each half's ratio (as `avg by (target)
 * (avg_over_time(…))` did) weighs a 14-minute-old series like a 30-day one. Summing samples is exact when the series
 * follow each other; when they overlap (the same probe briefly scraped under both label sets, or twice by peered
 * scrapers) both copies hold the same outcomes, so the share stays the share of successful probes.
 */
export function probeCountsQuery(success: string, window: string): string {
  const part = (rollup: string, name: string) =>
    `label_set(sum by (target) (${rollup}(${success}[${window}])), "part", "${name}")`;
  return `${part("sum_over_time", "up")} or ${part("count_over_time", "all")}`;
}

/**
 * One query per measure for ALL of a member's targets, grouped by target: the page costs the same few requests
 * whether the member has one target or five hundred.
 */
export function buildDashboardQueries(memberId: string) {
  const success = memberSelector("probe_success", memberId);
  const duration = memberSelector("probe_duration_seconds", memberId);
  const certExpiry = memberSelector("probe_ssl_earliest_cert_expiry", memberId);
  const httpStatus = memberSelector("probe_http_status_code", memberId);
  return {
    up: `max by (target) (last_over_time(${success}[${currentLookback}]))`,
    responseSeconds: `avg by (target) (last_over_time(${duration}[${currentLookback}]))`,
    // The earliest expiry of the chain, as seconds from now; the last hour covers a probe that just failed.
    certSecondsLeft: `min by (target) (last_over_time(${certExpiry}[1h])) - time()`,
    // The brick's last HTTP status: a redirect is not followed, and the page says which code failed the probe.
    httpStatus: `max by (target) (last_over_time(${httpStatus}[${currentLookback}]))`,
    /** Seconds between two probes (the scrape interval): the resolution of the 24-hour timeline. */
    probeInterval: `max(scrape_interval(${success}[30m]))`,
    /**
     * Each target's first probe in 25 hours: the day's steps before it have no data. The extra hour (the longest
     * step) lets a target probed for long count from before the day's first step.
     */
    firstProbe: `min by (target) (tfirst_over_time(${success}[25h]))`,
    recentTimeline: (stepSeconds: number) => recentTimelineQuery(success, stepSeconds),
    /**
     * Probe counts per UTC day (a range query: VictoriaMetrics caches its past days). The uptimes add the days
     * their window covers to `windowEdge`'s part of the oldest day, so no query scans 30 days each time.
     */
    dailyCounts: probeCountsQuery(success, "1d"),
    /** Probe counts over the part of a window's oldest day that the window covers. */
    edgeCounts: (lengthMs: number) => probeCountsQuery(success, `${Math.round(lengthMs)}ms`),
  };
}

/**
 * Only the steps that were not plainly up, so a day at a one-minute resolution costs bytes per outage, not per
 * probe: 0 where a probe of the step failed (`min_over_time`: one failed probe marks its step), -1 where no probe
 * landed in the step though the target was probed in the 25 hours before (`lag`: time since the last sample). Across
 * a target's series the best outcome and the freshest series win (`max by`, `min by`): overlapping series are the
 * same probe under two label sets, and a series that just stopped must not paint its successor's steps as gaps.
 */
function recentTimelineQuery(success: string, stepSeconds: number): string {
  const down = `(max by (target) (min_over_time(${success}[${stepSeconds}s])) < 1)`;
  const gaps = `((min by (target) (lag(${success}[25h])) >= ${stepSeconds}) * 0 - 1)`;
  return `${down} or ${gaps}`;
}

/** The response-time chart of one target: average duration per step, and whether every probe of the step succeeded. */
export function buildHistoryQueries(memberId: string, targetId: string, stepSeconds: number) {
  const success = memberSelector("probe_success", memberId, targetId);
  const duration = memberSelector("probe_duration_seconds", memberId, targetId);
  const step = `${stepSeconds}s`;
  return {
    selector: success,
    /** At each coarse step, the time of its first sample: the first point is the first probe of the range. */
    firstProbe: (coarseSeconds: number) => `min(tfirst_over_time(${duration}[${coarseSeconds}s]))`,
    duration: `avg(avg_over_time(${duration}[${step}]))`,
    allUp: `max(min_over_time(${success}[${step}]))`,
  };
}

/**
 * Values by target id, keeping only the targets the database says are the member's: a series whose labels
 * were forged or left behind by a deleted target never reaches the page.
 */
export function valuesByTarget(
  series: readonly InstantSeries[],
  ownTargetIds: ReadonlySet<string>,
): Map<string, number> {
  const values = new Map<string, number>();
  for (const { labels, value } of series) {
    const target = labels.target;
    if (target && ownTargetIds.has(target) && Number.isFinite(value)) values.set(target, value);
  }
  return values;
}

export type HistoryPoint = { time: number; value: number };

/** Range series by target id, same rule as `valuesByTarget`; non-finite points are dropped. */
export function historyByTarget(
  series: readonly RangeSeries[],
  ownTargetIds: ReadonlySet<string>,
): Map<string, HistoryPoint[]> {
  const history = new Map<string, HistoryPoint[]>();
  for (const { labels, points } of series) {
    const target = labels.target;
    if (!target || !ownTargetIds.has(target)) continue;
    history.set(
      target,
      points.filter((point) => Number.isFinite(point.value)),
    );
  }
  return history;
}
