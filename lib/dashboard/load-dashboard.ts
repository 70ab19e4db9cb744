import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { groupAlertsByTarget, listDashboardTargets, listRecentNotifications, type RecentAlert } from "./data";
import {
  buildDashboardQueries,
  type HistoryPoint,
  historyByTarget,
  type UptimeWindow,
  uptimeWindows,
  valuesByTarget,
} from "./queries";
import { type MetricsClient, MetricsUnavailableError } from "./victoria-metrics";

export type TargetState = "up" | "down" | "unknown" | "paused" | "pending" | "rejected";
export type MetricsStatus = "available" | "unavailable" | "not_configured";

export type DashboardTarget = {
  id: string;
  label: string;
  kind: string;
  address: string;
  state: TargetState;
  uptime: Record<UptimeWindow, number | null>;
  responseMs: number | null;
  certDaysLeft: number | null;
  /** The 3xx a down brick answered with (redirects are not followed); null otherwise. */
  redirectStatus: number | null;
  /** Response time over the last day, in milliseconds. */
  history: HistoryPoint[];
  alerts: RecentAlert[];
};

export type Dashboard = { metrics: MetricsStatus; targets: DashboardTarget[] };

export type LoadDashboardOptions = {
  /** The default instance: series of kinds that have no tier. */
  metrics?: MetricsClient;
  /** The tier of each kind that has one: its targets' series are read there, and only there. */
  metricsByKind?: ReadonlyMap<string, MetricsClient>;
  now?: Date;
  historyStepSeconds?: number;
  alertsSinceDays?: number;
  alertsPerTarget?: number;
};

type MetricValues = {
  up: Map<string, number>;
  uptime: Record<UptimeWindow, Map<string, number>>;
  responseSeconds: Map<string, number>;
  certSecondsLeft: Map<string, number>;
  httpStatus: Map<string, number>;
  history: Map<string, HistoryPoint[]>;
};

const dayMs = 86_400_000;

/** Everything the dashboard shows, in two database queries and eight metrics queries, whatever the target count. */
export async function loadDashboard(db: Db, memberId: string, options: LoadDashboardOptions = {}): Promise<Dashboard> {
  const now = options.now ?? new Date();
  const alertsSince = new Date(now.getTime() - (options.alertsSinceDays ?? 7) * dayMs);
  const [rows, notifications] = await Promise.all([
    listDashboardTargets(db, memberId),
    listRecentNotifications(db, memberId, alertsSince, 1_000),
  ]);
  const ownIds = new Set(rows.map((row) => row.id));
  const alerts = groupAlertsByTarget(notifications, ownIds, options.alertsPerTarget ?? 5);

  const configured = options.metrics !== undefined || (options.metricsByKind?.size ?? 0) > 0;
  let metrics: MetricsStatus = configured ? "available" : "not_configured";
  let values: MetricValues | null = null;
  if (configured && rows.length > 0) {
    const step = options.historyStepSeconds ?? 1_200;
    const sources = [...targetsBySource(rows, options)];
    const results = await Promise.allSettled(
      sources.map(([client, ids]) => queryMetricValues(client, memberId, ids, now, step)),
    );
    const answered: MetricValues[] = [];
    for (const result of results) {
      if (result.status === "fulfilled") answered.push(result.value);
      else if (!(result.reason instanceof MetricsUnavailableError)) throw result.reason;
      else {
        // One tier down leaves the others' figures on the page; the page still says metrics are missing.
        log.warn({ err: result.reason }, "dashboard metrics unavailable");
        metrics = "unavailable";
      }
    }
    values = mergeMetricValues(answered);
  }

  const targets = rows.map((row): DashboardTarget => {
    const secondsLeft = values?.certSecondsLeft.get(row.id);
    const responseSeconds = values?.responseSeconds.get(row.id);
    const state = stateOf(row, values?.up.get(row.id));
    return {
      id: row.id,
      label: row.label,
      kind: row.kind,
      address: row.address,
      state,
      redirectStatus: state === "down" ? redirectOf(values?.httpStatus.get(row.id)) : null,
      uptime: Object.fromEntries(uptimeWindows.map((w) => [w, values?.uptime[w].get(row.id) ?? null])) as Record<
        UptimeWindow,
        number | null
      >,
      responseMs: responseSeconds === undefined ? null : Math.round(responseSeconds * 1000),
      certDaysLeft: secondsLeft === undefined ? null : Math.floor(secondsLeft / 86_400),
      history: (values?.history.get(row.id) ?? []).map((point) => ({
        time: point.time,
        value: Math.round(point.value * 1000),
      })),
      alerts: alerts.get(row.id) ?? [],
    };
  });
  return { metrics, targets };
}

/**
 * The targets each metrics source answers for: a kind's tier when it has one, else the default instance. A
 * source's answer is kept only for its own targets, so a series found in another tier never shows.
 */
function targetsBySource(
  rows: readonly { id: string; kind: string }[],
  options: Pick<LoadDashboardOptions, "metrics" | "metricsByKind">,
): Map<MetricsClient, Set<string>> {
  const sources = new Map<MetricsClient, Set<string>>();
  for (const row of rows) {
    const client = options.metricsByKind?.get(row.kind) ?? options.metrics;
    if (!client) continue;
    const ids = sources.get(client) ?? new Set<string>();
    ids.add(row.id);
    sources.set(client, ids);
  }
  return sources;
}

/** Sources answer for disjoint targets: their maps add up. */
function mergeMetricValues(parts: readonly MetricValues[]): MetricValues {
  const merge = <V>(pick: (values: MetricValues) => Map<string, V>) =>
    new Map(parts.flatMap((part) => [...pick(part)]));
  return {
    up: merge((v) => v.up),
    uptime: Object.fromEntries(uptimeWindows.map((w) => [w, merge((v) => v.uptime[w])])) as MetricValues["uptime"],
    responseSeconds: merge((v) => v.responseSeconds),
    certSecondsLeft: merge((v) => v.certSecondsLeft),
    httpStatus: merge((v) => v.httpStatus),
    history: merge((v) => v.history),
  };
}

/** The database decides first (an unapproved or paused target is not probed); then the last probe. */
function stateOf(row: { status: string; paused: boolean }, up: number | undefined): TargetState {
  if (row.status === "pending" || row.status === "rejected") return row.status;
  if (row.paused) return "paused";
  if (up === undefined) return "unknown";
  return up >= 1 ? "up" : "down";
}

function redirectOf(status: number | undefined): number | null {
  return status !== undefined && status >= 300 && status < 400 ? status : null;
}

async function queryMetricValues(
  client: MetricsClient,
  memberId: string,
  ownIds: ReadonlySet<string>,
  now: Date,
  stepSeconds: number,
): Promise<MetricValues> {
  const queries = buildDashboardQueries(memberId);
  const instant = (query: string) => client.queryInstant(query, now).then((series) => valuesByTarget(series, ownIds));
  const [up, uptime24h, uptime7d, uptime30d, responseSeconds, certSecondsLeft, httpStatus, history] = await Promise.all(
    [
      instant(queries.up),
      instant(queries.uptime["24h"]),
      instant(queries.uptime["7d"]),
      instant(queries.uptime["30d"]),
      instant(queries.responseSeconds),
      instant(queries.certSecondsLeft),
      instant(queries.httpStatus),
      client
        .queryRange(queries.responseHistory(stepSeconds), {
          start: new Date(now.getTime() - dayMs),
          end: now,
          stepSeconds,
        })
        .then((series) => historyByTarget(series, ownIds)),
    ],
  );
  return {
    up,
    uptime: { "24h": uptime24h, "7d": uptime7d, "30d": uptime30d },
    responseSeconds,
    certSecondsLeft,
    httpStatus,
    history,
  };
}
