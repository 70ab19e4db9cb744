import { log } from "@/lib/log";
import { buildDashboardQueries, valuesByTarget } from "./queries";
import { type MetricsClient, MetricsUnavailableError } from "./victoria-metrics";

export type TargetState = "up" | "down" | "unknown" | "paused" | "pending" | "rejected";

export type MetricsSources = {
  /** The default instance: series of kinds that have no tier. */
  metrics?: MetricsClient;
  /** The tier of each kind that has one: its targets' series are read there, and only there. */
  metricsByKind?: ReadonlyMap<string, MetricsClient>;
};

type StateRow = { id: string; kind: string; status: string; paused: boolean };

/**
 * The targets each metrics source answers for: a kind's tier when it has one, else the default instance. A
 * source's answer is kept only for its own targets, so a series found in another tier never shows.
 */
export function targetsBySource(
  rows: readonly { id: string; kind: string }[],
  sources: MetricsSources,
): Map<MetricsClient, Set<string>> {
  const bySource = new Map<MetricsClient, Set<string>>();
  for (const row of rows) {
    const client = sources.metricsByKind?.get(row.kind) ?? sources.metrics;
    if (!client) continue;
    const ids = bySource.get(client) ?? new Set<string>();
    ids.add(row.id);
    bySource.set(client, ids);
  }
  return bySource;
}

/** The database decides first (an unapproved or paused target is not probed); then the last probe. */
export function stateOf(row: { status: string; paused: boolean }, up: number | undefined): TargetState {
  if (row.status === "pending" || row.status === "rejected") return row.status;
  if (row.paused) return "paused";
  if (up === undefined) return "unknown";
  return up >= 1 ? "up" : "down";
}

/**
 * Each target's state as the dashboard computes it, from the last probe alone: one query per source whatever
 * the target count, for the pages that poll the state without the dashboard's history (the targets list). A
 * source that does not answer leaves its targets "unknown".
 */
export async function loadProbeStates(
  memberId: string,
  rows: readonly StateRow[],
  sources: MetricsSources,
  now = new Date(),
): Promise<Map<string, TargetState>> {
  const query = buildDashboardQueries(memberId).up;
  const probed = rows.filter((row) => stateOf(row, 1) === "up");
  const answers = await Promise.allSettled(
    [...targetsBySource(probed, sources)].map(([client, ids]) =>
      client.queryInstant(query, now).then((series) => valuesByTarget(series, ids)),
    ),
  );
  const up = new Map<string, number>();
  for (const answer of answers) {
    if (answer.status === "fulfilled") for (const [id, value] of answer.value) up.set(id, value);
    else if (answer.reason instanceof MetricsUnavailableError)
      log.warn({ err: answer.reason }, "probe states unavailable");
    else throw answer.reason;
  }
  return new Map(rows.map((row) => [row.id, stateOf(row, up.get(row.id))]));
}
