import "server-only";
import { loadProbeStates } from "@/lib/dashboard/probe-states";
import { metricsClientsByKind } from "@/lib/dashboard/tier-sources";
import { type MetricsClient, metricsClientFromEnv } from "@/lib/dashboard/victoria-metrics";
import type { Db } from "@/lib/db/client";
import { listTargetsForMember } from "./data";

/** What the last probe said of an approved, running target; null where the database decides (pending, paused…). */
export type ProbeState = "up" | "down" | "unknown";

export type TargetListing = Awaited<ReturnType<typeof listTargetsForMember>>[number] & { probe: ProbeState | null };

/**
 * The member's targets with their probe state, as the dashboard computes it (each kind read from its tier, the
 * rest from VICTORIA_METRICS_URL): the targets page and its live route show the same up/down as the dashboard,
 * from the last probe alone (one metrics query per source, polled every few seconds).
 */
export async function listTargetsWithProbeState(
  db: Db,
  memberId: string,
  sources: { metrics?: MetricsClient; metricsByKind?: () => Promise<ReadonlyMap<string, MetricsClient>> } = {},
): Promise<TargetListing[]> {
  const metrics = "metrics" in sources ? sources.metrics : metricsClientFromEnv();
  const byKind = sources.metricsByKind ?? (() => metricsClientsByKind(db));
  const [targets, metricsByKind] = await Promise.all([listTargetsForMember(db, memberId), byKind()]);
  const states = await loadProbeStates(memberId, targets, { metrics, metricsByKind });
  return targets.map((target) => {
    const state = states.get(target.id);
    const probe = state === "up" || state === "down" || state === "unknown" ? state : null;
    return { ...target, probe };
  });
}
