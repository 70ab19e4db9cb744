import "server-only";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { metricsClientsByKind } from "@/lib/dashboard/tier-sources";
import { type MetricsClient, metricsClientFromEnv } from "@/lib/dashboard/victoria-metrics";
import type { Db } from "@/lib/db/client";
import { listTargetsForMember } from "./data";

/** What the last probe said of an approved, running target; null where the database decides (pending, paused…). */
export type ProbeState = "up" | "down" | "unknown";

export type TargetListing = Awaited<ReturnType<typeof listTargetsForMember>>[number] & { probe: ProbeState | null };

/**
 * The member's targets with their probe state, as the dashboard computes it (each kind read from its tier, the
 * rest from VICTORIA_METRICS_URL): the targets page and its live route show the same up/down as the dashboard.
 * The response-time history is asked at one point a day, since this page draws none.
 */
export async function listTargetsWithProbeState(
  db: Db,
  memberId: string,
  sources: { metrics?: MetricsClient; metricsByKind?: () => Promise<ReadonlyMap<string, MetricsClient>> } = {},
): Promise<TargetListing[]> {
  const metrics = "metrics" in sources ? sources.metrics : metricsClientFromEnv();
  const byKind = sources.metricsByKind ?? (() => metricsClientsByKind(db));
  const [targets, dashboard] = await Promise.all([
    listTargetsForMember(db, memberId),
    byKind().then((metricsByKind) =>
      loadDashboard(db, memberId, { metrics, metricsByKind, historyStepSeconds: 86_400 }),
    ),
  ]);
  const states = new Map(dashboard.targets.map((target) => [target.id, target.state]));
  return targets.map((target) => {
    const state = states.get(target.id);
    const probe = state === "up" || state === "down" || state === "unknown" ? state : null;
    return { ...target, probe };
  });
}
