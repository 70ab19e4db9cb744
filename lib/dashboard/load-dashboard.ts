import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { listDashboardTargets, listRecentNotifications } from "./data";
import { buildIncidents, type Incident } from "./incidents";
import { type MetricValues, mergeMetricValues, queryMetricValues, timelineDays } from "./metric-values";
import { type MetricsSources, stateOf, type TargetState, targetsBySource } from "./probe-states";
import type { UptimeWindow } from "./queries";
import { buildDayBars, type DayBar, stateSince, type TimelineRun } from "./timeline";
import { MetricsUnavailableError } from "./victoria-metrics";

export type MetricsStatus = "available" | "unavailable" | "not_configured";
/** Why a probed target's state is unknown. */
export type UnknownReason = "no_probe_yet" | "not_probed" | "metrics_unavailable";

export type DashboardTarget = {
  id: string;
  label: string;
  kind: string;
  address: string;
  state: TargetState;
  /** When the up or down state began; null when it has held for the whole last day (or is not known). */
  since: Date | null;
  unknownReason: UnknownReason | null;
  uptime: Record<UptimeWindow, number | null>;
  /** The last response time of a target that is up; a down target's last figure would be stale. */
  responseMs: number | null;
  certDaysLeft: number | null;
  /** The 3xx a down brick answered with (redirects are not followed); null otherwise. */
  redirectStatus: number | null;
  /** The last 24 hours at the probe's resolution. */
  recent: TimelineRun[];
  /** The last 90 days, one bar per day (UTC), oldest first. */
  days: DayBar[];
  incidents: Incident[];
};

export type Dashboard = { metrics: MetricsStatus; targets: DashboardTarget[]; generatedAt: Date };

export type { TargetState } from "./probe-states";

export type LoadDashboardOptions = MetricsSources & {
  now?: Date;
  alertsSinceDays?: number;
  incidentsPerTarget?: number;
};

const dayMs = 86_400_000;

/** Everything the dashboard shows, in two database queries and ten metrics queries per source, whatever the target count. */
export async function loadDashboard(db: Db, memberId: string, options: LoadDashboardOptions = {}): Promise<Dashboard> {
  const now = options.now ?? new Date();
  const alertsSince = new Date(now.getTime() - (options.alertsSinceDays ?? 7) * dayMs);
  const [rows, notifications] = await Promise.all([
    listDashboardTargets(db, memberId),
    listRecentNotifications(db, memberId, alertsSince, 1_000),
  ]);
  const ownIds = new Set(rows.map((row) => row.id));
  const incidents = buildIncidents(notifications, ownIds, options.incidentsPerTarget ?? 10);

  const configured = options.metrics !== undefined || (options.metricsByKind?.size ?? 0) > 0;
  let metrics: MetricsStatus = configured ? "available" : "not_configured";
  let values: MetricValues | null = null;
  const unanswered = new Set<string>();
  if (configured && rows.length > 0) {
    const sources = [...targetsBySource(rows, options)];
    const results = await Promise.allSettled(
      sources.map(([client, ids]) => queryMetricValues(client, memberId, ids, now)),
    );
    const answered: MetricValues[] = [];
    results.forEach((result, index) => {
      if (result.status === "fulfilled") return answered.push(result.value);
      if (!(result.reason instanceof MetricsUnavailableError)) throw result.reason;
      // One tier down leaves the others' figures on the page; the page still says metrics are missing.
      log.warn({ err: result.reason }, "dashboard metrics unavailable");
      metrics = "unavailable";
      for (const id of sources[index]![1]) unanswered.add(id);
    });
    values = mergeMetricValues(answered);
  }

  const nowSeconds = now.getTime() / 1000;
  const targets = rows.map((row): DashboardTarget => {
    const secondsLeft = values?.certSecondsLeft.get(row.id);
    const responseSeconds = values?.responseSeconds.get(row.id);
    const state = stateOf(row, values?.up.get(row.id));
    const recent = values?.recentRuns.get(row.id) ?? [];
    const days = buildDayBars(values?.daily.get(row.id) ?? [], nowSeconds, timelineDays);
    const since = state === "up" || state === "down" ? stateSince(recent, state) : null;
    return {
      id: row.id,
      label: row.label,
      kind: row.kind,
      address: row.address,
      state,
      since: since === null ? null : new Date(since * 1000),
      unknownReason: state !== "unknown" ? null : unknownReasonOf(metrics, unanswered.has(row.id), days),
      redirectStatus: state === "down" ? redirectOf(values?.httpStatus.get(row.id)) : null,
      uptime: {
        "24h": values?.uptime["24h"].get(row.id) ?? null,
        "7d": values?.uptime["7d"].get(row.id) ?? null,
        "30d": values?.uptime["30d"].get(row.id) ?? null,
      },
      responseMs: state !== "up" || responseSeconds === undefined ? null : Math.round(responseSeconds * 1000),
      certDaysLeft: secondsLeft === undefined ? null : Math.floor(secondsLeft / 86_400),
      recent,
      days,
      incidents: incidents.get(row.id) ?? [],
    };
  });
  return { metrics, targets, generatedAt: now };
}

/** No answer from its source; never probed in 90 days (a new target); or probed before but not lately. */
function unknownReasonOf(metrics: MetricsStatus, unanswered: boolean, days: readonly DayBar[]): UnknownReason {
  if (metrics === "not_configured" || unanswered) return "metrics_unavailable";
  return days.some((day) => day.share !== null) ? "not_probed" : "no_probe_yet";
}

function redirectOf(status: number | undefined): number | null {
  return status !== undefined && status >= 300 && status < 400 ? status : null;
}
