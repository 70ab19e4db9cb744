import path from "node:path";
import { findFreePort } from "@/scripts/lib/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "@/scripts/stack/binaries";

export type VictoriaMetricsServer = { url: string; stop(): Promise<void> };

/**
 * A throwaway VictoriaMetrics for tests and benches: loopback only, two months of retention so 30-day uptimes
 * can be seeded, no result cache and no latency offset so imported samples are queryable at once.
 */
export async function startVictoriaMetrics(workDir: string): Promise<VictoriaMetricsServer> {
  const { "victoria-metrics": bin } = requireBinaries(["victoria-metrics"]);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService(
    "victoria-metrics",
    bin!,
    [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${path.join(workDir, "vm")}`, "-retentionPeriod=2",
      "-search.latencyOffset=0s", "-search.disableCache"],
    { logDir: workDir },
  );
  try {
    await waitForHealthy(service, `${url}/health`);
  } catch (error) {
    await stopServices([service]);
    throw error;
  }
  return { url, stop: () => stopServices([service]) };
}

export type Sample = { metric: string; labels: Record<string, string>; value: number; at: Date };

/** One line of the Prometheus text format with a millisecond timestamp, as `/api/v1/import/prometheus` takes it. */
export function formatSample(sample: Sample): string {
  const labels = Object.entries(sample.labels).map(([name, value]) => `${name}="${value}"`).join(",");
  return `${sample.metric}{${labels}} ${sample.value} ${sample.at.getTime()}`;
}

/** Imports samples, then flushes so the next query sees them (bounded by the request itself, no sleeping). */
export async function importSamples(url: string, lines: readonly string[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/import/prometheus`, { method: "POST", body: `${lines.join("\n")}\n` });
  if (response.status !== 204) throw new Error(`import: HTTP ${response.status} ${await response.text()}`);
  const flush = await fetch(`${url}/internal/force_flush`);
  if (!flush.ok) throw new Error(`force_flush: HTTP ${flush.status}`);
}
