import "server-only";
import type { Db } from "@/lib/db/client";
import { withKindHistory } from "./kind-history";
import { metricsClientsByKind } from "./tier-sources";
import { metricsClientFromEnv } from "./victoria-metrics";

/**
 * Where the dashboard reads each target's series: its kind's tier; kinds without one from VICTORIA_METRICS_URL; a
 * kind that moved to another tier reads its history from the one it left too. The page and its JSON routes share it.
 */
export async function dashboardSources(database: Db) {
  const metrics = metricsClientFromEnv();
  const history = await withKindHistory(database, await metricsClientsByKind(database), metrics);
  return { metrics, metricsByKind: history.metricsByKind, moves: history.moves };
}
