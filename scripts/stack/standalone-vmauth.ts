import path from "node:path";
import { writeFileAtomic } from "@/lib/monitoring/files";
import { vmauthFile, vmauthFileMode } from "@/lib/monitoring/render-vmauth";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "./binaries";

export type StandaloneVmauth = {
  url: string;
  configFile: string;
  /** Writes a new config (atomically, mode 0600) without reloading. */
  writeConfig(config: string): Promise<void>;
  /** `GET /-/reload`: vmauth re-reads its file (an invalid one keeps the last good config). */
  reload(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * vmauth on loopback with its config in `workDir/vmauth.yml`, for tests. With `reloadAuthKey`, `/-/reload` asks for
 * it (`?authKey=`), as in production.
 */
export async function startStandaloneVmauth(options: {
  workDir: string;
  config: string;
  reloadAuthKey?: string;
}): Promise<StandaloneVmauth> {
  const { vmauth: bin } = requireBinaries(["vmauth"]);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(options.workDir, vmauthFile);
  const writeConfig = (config: string) => writeFileAtomic(configFile, config, vmauthFileMode);
  await writeConfig(options.config);
  const args = [`-httpListenAddr=127.0.0.1:${port}`, `-auth.config=${configFile}`];
  if (options.reloadAuthKey) args.push(`-reloadAuthKey=${options.reloadAuthKey}`);
  const service = startService("vmauth", bin!, args, { logDir: options.workDir });
  try {
    await waitForHealthy(service, `${url}/health`);
  } catch (error) {
    await stopServices([service]);
    throw error;
  }
  return {
    url,
    configFile,
    writeConfig,
    async reload() {
      const query = options.reloadAuthKey ? `?authKey=${encodeURIComponent(options.reloadAuthKey)}` : "";
      const response = await fetch(`${url}/-/reload${query}`);
      await response.body?.cancel();
      if (!response.ok) throw new Error(`vmauth reload answered ${response.status}`);
    },
    stop: () => stopServices([service]),
  };
}
