import path from "node:path";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "./binaries";

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
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${path.join(workDir, "vm")}`,
      "-retentionPeriod=2",
      "-search.latencyOffset=0s",
      "-search.disableCache",
    ],
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
