import { z } from "zod";
import type { InstantSeries, RangeSeries } from "./victoria-metrics";

/** Member ids as lib/ids makes them: nothing that could close the label matcher and widen the query. */
const memberIdSchema = z.string().regex(/^m_[A-Za-z0-9_-]{1,64}$/);

export const uptimeWindows = ["24h", "7d", "30d"] as const;
export type UptimeWindow = (typeof uptimeWindows)[number];

/** How far back the "current" value may lie: five production scrape intervals. */
const currentLookback = "5m";

/** The selector every dashboard query starts from; the member label comes from the session, never the browser. */
export function memberSelector(metric: string, memberId: string): string {
  const member = memberIdSchema.parse(memberId);
  return `${metric}{member="${member}"}`;
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
    uptime: Object.fromEntries(
      uptimeWindows.map((window) => [window, `avg by (target) (avg_over_time(${success}[${window}]))`]),
    ) as Record<UptimeWindow, string>,
    responseSeconds: `avg by (target) (last_over_time(${duration}[${currentLookback}]))`,
    // The earliest expiry of the chain, as seconds from now; the last hour covers a probe that just failed.
    certSecondsLeft: `min by (target) (last_over_time(${certExpiry}[1h])) - time()`,
    // The brick's last HTTP status: a redirect is not followed, and the page says which code failed the probe.
    httpStatus: `max by (target) (last_over_time(${httpStatus}[${currentLookback}]))`,
    responseHistory: (stepSeconds: number) => `avg by (target) (avg_over_time(${duration}[${stepSeconds}s]))`,
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
