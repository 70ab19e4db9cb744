import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { findFreePorts } from "@/lib/net/free-port";
import { type Service, startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "./binaries";

export type AlertmanagerPair = {
  /** Web URLs of both peers: post every alert to both, as vmalert does with a cluster. */
  urls: [string, string];
  stop(): Promise<void>;
};

const binary = "prometheus-alertmanager";

/**
 * Starts two Alertmanagers peered with each other on loopback (gossip on their own ports, never the default
 * 0.0.0.0:9094), both reading `configFile`. Resolves once each sees the other and its gossip has settled: until
 * then Alertmanager holds notifications back (about 10 s), which would otherwise count as the first alerts' delay.
 */
export async function startAlertmanagerPair(options: {
  workDir: string;
  configFile: string;
  timeoutMs?: number;
}): Promise<AlertmanagerPair> {
  const bin = requireBinaries([binary])[binary]!;
  const logDir = path.join(options.workDir, "logs");
  await mkdir(logDir, { recursive: true });
  const [webA, webB, gossipA, gossipB] = await findFreePorts(4);
  const peers = [
    { name: "alertmanager-a", web: webA!, gossip: gossipA!, other: gossipB! },
    { name: "alertmanager-b", web: webB!, gossip: gossipB!, other: gossipA! },
  ];
  const services: Service[] = [];
  try {
    await Promise.all(
      peers.map(async (peer) => {
        const url = `http://127.0.0.1:${peer.web}`;
        const service = startService(
          peer.name,
          bin,
          [
            `--config.file=${options.configFile}`,
            `--storage.path=${path.join(options.workDir, peer.name)}`,
            `--web.listen-address=127.0.0.1:${peer.web}`,
            `--web.external-url=${url}`,
            `--cluster.listen-address=127.0.0.1:${peer.gossip}`,
            `--cluster.advertise-address=127.0.0.1:${peer.gossip}`,
            `--cluster.peer=127.0.0.1:${peer.other}`,
          ],
          { logDir },
        );
        services.push(service);
        await waitForHealthy(service, `${url}/-/ready`, options.timeoutMs ?? 30_000);
      }),
    );
    const urls = peers.map((peer) => `http://127.0.0.1:${peer.web}`) as [string, string];
    await Promise.all(urls.map((url) => waitForPeers(url, 2, options.timeoutMs ?? 30_000)));
    await Promise.all(services.map((service) => waitForSettledGossip(service, options.timeoutMs ?? 60_000)));
    return { urls, stop: () => stopServices(services) };
  } catch (error) {
    await stopServices(services);
    throw error;
  }
}

/** Gossip joins after readiness: without waiting, the first alerts would be deduplicated by nobody. */
async function waitForPeers(url: string, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/api/v2/status`, { signal: AbortSignal.timeout(1000) })
      .then((response) => (response.ok ? (response.json() as Promise<{ cluster?: { peers?: unknown[] } }>) : undefined))
      .catch(() => undefined);
    if ((status?.cluster?.peers?.length ?? 0) >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not see ${expected} cluster peers within ${timeoutMs} ms`);
}

async function waitForSettledGossip(service: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await readFile(service.logFile, "utf8").catch(() => "")).includes("gossip settled")) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name}: gossip not settled within ${timeoutMs} ms; see ${service.logFile}`);
}
