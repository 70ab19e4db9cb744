import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "./binaries";

export type StandaloneAlertmanager = { url: string; stop(): Promise<void> };

/**
 * One Alertmanager on loopback, outside any cluster, with the given configuration (YAML text): for tests that
 * need its routing, inhibitions, silences or alert list without the rest of the stack.
 */
export async function startStandaloneAlertmanager(options: {
  workDir: string;
  config: string;
}): Promise<StandaloneAlertmanager> {
  const { "prometheus-alertmanager": binary } = requireBinaries(["prometheus-alertmanager"]);
  const logDir = path.join(options.workDir, "logs");
  await mkdir(logDir, { recursive: true });
  const configFile = path.join(options.workDir, "alertmanager.yml");
  await writeFile(configFile, options.config);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const service = startService(
    "prometheus-alertmanager",
    binary!,
    [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(options.workDir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      "--cluster.listen-address=",
    ],
    { logDir },
  );
  await waitForHealthy(service, `${url}/-/ready`);
  return { url, stop: () => stopServices([service]) };
}
