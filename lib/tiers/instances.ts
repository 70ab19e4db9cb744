import { victoriaMetricsBaseUrl } from "@/lib/monitoring/snapshot";

/**
 * Whether two write URLs name the same VictoriaMetrics instance: compared as vmauth forwards them (the base URL,
 * `…/api/v1/write` cut off). An undefined second URL (VICTORIA_METRICS_URL unset) names none.
 */
export function sameInstance(writeUrl: string, other: string | undefined): boolean {
  return other !== undefined && victoriaMetricsBaseUrl(writeUrl) === victoriaMetricsBaseUrl(other);
}
