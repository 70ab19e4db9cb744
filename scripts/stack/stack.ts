import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { renderBlackboxConfig } from "@/lib/monitoring/blackbox-modules";
import { readConfigFile, writeFileAtomic } from "@/lib/monitoring/files";
import { alertmanagerFile } from "@/lib/monitoring/render-alertmanager";
import { fileSdDir } from "@/lib/monitoring/render-file-sd";
import { rulesDir } from "@/lib/monitoring/render-rules";
import { vmagentRelabelFile } from "@/lib/monitoring/render-vmagent-relabel";
import { vmauthFile, vmauthFileMode } from "@/lib/monitoring/render-vmauth";
import type { MonitoringTimings } from "@/lib/monitoring/timings";
import { findFreePorts } from "@/lib/net/free-port";
import { victoriaMetricsRetention } from "@/lib/tiers/schema";
import { type Service, startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { requireBinaries } from "./binaries";
import { placeholderAlertmanager, placeholderVmauth } from "./placeholders";
import { checkTierIds, remoteWriteFlags, type StackTier, serviceUserFlags, type TierUrls } from "./tiers";
import { type PortalMetrics, vmagentConfig } from "./vmagent-config";

export type StackOptions = {
  /** Data folders, logs and the stack's own configs (blackbox, vmagent) go here. */
  workDir: string;
  /** The folder the portal writes (file_sd/, rules/, alertmanager.yml). */
  configDir: string;
  timings: Pick<MonitoringTimings, "scrapeInterval" | "evaluationInterval">;
  /** `host:port` of exporters to scrape as they are (the hub's Proxmox and VPN exporters; fakes in tests). */
  exporters?: string[];
  /**
   * One VictoriaMetrics and one vmalert per tier (own port, data folder and `-retentionPeriod`; `default: true`:
   * the default instance serves it). vmagent sends each series to its `tier` label's instance only, through vmauth
   * as the tier's `vmagent-<id>`; each tier's vmalert reads it through vmauth as `reader-<id>`. Both users and
   * their password files come from the portal's sync: until it has run, writes wait in vmagent's buffer.
   */
  tiers?: StackTier[];
  /** The portal's antenna info series (`/metrics/antennas`), which the antenna rules join with. */
  portalMetrics?: PortalMetrics;
};

export type StackUrls = {
  victoriaMetrics: string;
  vmagent: string;
  vmalert: string;
  alertmanager: string;
  blackbox: string;
  /** vmauth in front of the tiers' VictoriaMetrics, reading `<configDir>/vmauth.yml`; the tiers' read URL. */
  vmauth: string;
  /** Each tier's instance and vmalert, by tier id (the default tier's are `victoriaMetrics` and `vmalert`). */
  tiers: Record<string, TierUrls>;
};
/**
 * VictoriaMetrics' admin endpoints (`/api/v1/admin/tsdb/delete_series`, `/snapshot/*`) answer anyone without these
 * keys, and one GET wipes every series: random per start, so no request a probe can be made to send knows them.
 */
export type VictoriaMetricsAdminKeys = { deleteAuthKey: string; snapshotAuthKey: string };
export type Stack = {
  urls: StackUrls;
  workDir: string;
  adminKeys: VictoriaMetricsAdminKeys;
  /** vmauth's `-reloadAuthKey` (random per start): the portal's VMAUTH_RELOAD_KEY. */
  vmauthReloadKey: string;
  stop(): Promise<void>;
};

const binaries = [
  "victoria-metrics",
  "vmagent",
  "vmalert",
  "prometheus-alertmanager",
  "prometheus-blackbox-exporter",
  "vmauth",
];

/**
 * Starts VictoriaMetrics, blackbox, vmagent, vmalert, Alertmanager and vmauth on free loopback ports, reading the files
 * the portal writes in `configDir`. Resolves once every service is healthy; `stop()` kills them all.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const bin = requireBinaries(binaries);
  const { workDir, configDir, timings } = options;
  const tiers = options.tiers ?? [];
  checkTierIds(tiers);
  const defaultTier = tiers.find((tier) => tier.default);
  const ownTiers = tiers.filter((tier) => !tier.default);
  const logs = path.join(workDir, "logs");
  for (const dir of [
    logs,
    path.join(workDir, "config"),
    path.join(configDir, fileSdDir),
    path.join(configDir, rulesDir),
    ...tiers.map((tier) => path.join(configDir, rulesDir, tier.id)),
  ]) {
    await mkdir(dir, { recursive: true });
  }
  if ((await readConfigFile(configDir, alertmanagerFile)) === null) {
    await writeFileAtomic(path.join(configDir, alertmanagerFile), placeholderAlertmanager);
  }
  // All at once: ports found one by one can repeat, and two services would then share one.
  const ports = await findFreePorts(6 + 2 * ownTiers.length);
  const [vm, blackbox, vmagent, vmalert, am, vmauth] = ports;
  const url = (port: number | undefined) => `http://127.0.0.1:${port}`;
  const tierPorts = ownTiers.map((tier, index) => ({
    tier,
    vm: ports[6 + 2 * index]!,
    vmalert: ports[7 + 2 * index]!,
  }));
  const urls: StackUrls = {
    victoriaMetrics: url(vm),
    blackbox: url(blackbox),
    vmagent: url(vmagent),
    vmalert: url(vmalert),
    alertmanager: url(am),
    vmauth: url(vmauth),
    tiers: Object.fromEntries([
      ...(defaultTier ? [[defaultTier.id, { victoriaMetrics: url(vm), vmalert: url(vmalert) }]] : []),
      ...tierPorts.map(({ tier, vm, vmalert }) => [tier.id, { victoriaMetrics: url(vm), vmalert: url(vmalert) }]),
    ]),
  };
  // vmagent reads the portal's relabelling (which tier the exporters' series go to) from its first start.
  if ((await readConfigFile(configDir, vmagentRelabelFile)) === null) {
    await writeFileAtomic(path.join(configDir, vmagentRelabelFile), "[]\n");
  }
  if ((await readConfigFile(configDir, vmauthFile)) === null) {
    await writeFileAtomic(path.join(configDir, vmauthFile), placeholderVmauth(urls.victoriaMetrics), vmauthFileMode);
  }
  // Without it anyone reaching vmauth's port could make it reload; the portal gets it as VMAUTH_RELOAD_KEY.
  const vmauthReloadKey = randomBytes(24).toString("base64url");
  const blackboxFile = path.join(workDir, "config", "blackbox.yml");
  const vmagentFile = path.join(workDir, "config", "vmagent.yml");
  await writeFileAtomic(blackboxFile, renderBlackboxConfig());
  await writeFileAtomic(
    vmagentFile,
    stringify(
      vmagentConfig(configDir, blackbox!, timings.scrapeInterval, options.exporters ?? [], options.portalMetrics),
    ),
  );
  const writeFlags = await remoteWriteFlags({
    configDir: path.join(workDir, "config"),
    portalConfigDir: configDir,
    vmauthUrl: urls.vmauth,
    defaultUrl: urls.victoriaMetrics,
    defaultTier,
    tiers: ownTiers,
  });

  const adminKeys: VictoriaMetricsAdminKeys = {
    deleteAuthKey: randomBytes(24).toString("base64url"),
    snapshotAuthKey: randomBytes(24).toString("base64url"),
  };
  const services: Service[] = [];
  const start = async (name: string, args: string[], health: string, binary = name) => {
    const service = startService(name, bin[binary]!, args, { logDir: logs });
    services.push(service);
    await waitForHealthy(service, health);
  };
  const startVictoriaMetrics = (name: string, port: number, dataDir: string, retention: string) =>
    start(
      name,
      [
        `-httpListenAddr=127.0.0.1:${port}`,
        `-storageDataPath=${path.join(workDir, dataDir)}`,
        `-retentionPeriod=${victoriaMetricsRetention(retention)}`,
        "-search.latencyOffset=1s",
        `-deleteAuthKey=${adminKeys.deleteAuthKey}`,
        `-snapshotAuthKey=${adminKeys.snapshotAuthKey}`,
      ],
      `${url(port)}/health`,
      "victoria-metrics",
    );
  /** A tier's vmalert reads it through vmauth as its reader; the default one without a default tier, directly. */
  const datasourceFlags = (tier: StackTier | undefined) => {
    if (!tier) return [`-datasource.url=${urls.victoriaMetrics}`];
    const reader = serviceUserFlags(configDir, "reader", tier.id);
    return [
      `-datasource.url=${urls.vmauth}`,
      `-datasource.basicAuth.username=${reader.username}`,
      `-datasource.basicAuth.passwordFile=${reader.passwordFile}`,
    ];
  };
  const startVmalert = (name: string, port: number, tier: StackTier | undefined, ruleGlobs: string[]) =>
    start(
      name,
      [
        `-httpListenAddr=127.0.0.1:${port}`,
        ...ruleGlobs.map((glob) => `-rule=${glob}`),
        `-evaluationInterval=${timings.evaluationInterval}`,
        ...datasourceFlags(tier),
        `-notifier.url=${urls.alertmanager}`,
        `-external.url=${url(port)}`,
      ],
      `${url(port)}/health`,
      "vmalert",
    );
  try {
    await Promise.all([
      startVictoriaMetrics("victoria-metrics", vm!, "vm", defaultTier?.retention ?? "1d"),
      ...tierPorts.map(({ tier, vm }) =>
        startVictoriaMetrics(`victoria-metrics-${tier.id}`, vm, `vm-${tier.id}`, tier.retention),
      ),
      start(
        "prometheus-blackbox-exporter",
        [`--config.file=${blackboxFile}`, `--web.listen-address=127.0.0.1:${blackbox}`],
        `${urls.blackbox}/-/healthy`,
      ),
      start(
        "prometheus-alertmanager",
        [
          `--config.file=${path.join(configDir, alertmanagerFile)}`,
          `--storage.path=${path.join(workDir, "alertmanager")}`,
          `--web.listen-address=127.0.0.1:${am}`,
          `--web.external-url=${urls.alertmanager}`,
          "--cluster.listen-address=",
        ],
        `${urls.alertmanager}/-/ready`,
      ),
      start(
        "vmauth",
        [
          `-httpListenAddr=127.0.0.1:${vmauth}`,
          `-auth.config=${path.join(configDir, vmauthFile)}`,
          `-reloadAuthKey=${vmauthReloadKey}`,
        ],
        `${urls.vmauth}/health`,
      ),
    ]);
    await Promise.all([
      start(
        "vmagent",
        [
          `-httpListenAddr=127.0.0.1:${vmagent}`,
          `-promscrape.config=${vmagentFile}`,
          "-promscrape.fileSDCheckInterval=1s",
          ...writeFlags,
          `-remoteWrite.relabelConfig=${path.join(configDir, vmagentRelabelFile)}`,
          `-remoteWrite.tmpDataPath=${path.join(workDir, "vmagent")}`,
        ],
        `${urls.vmagent}/health`,
      ),
      // With no rule file yet vmalert starts with no groups and picks files up on /-/reload.
      startVmalert("vmalert", vmalert!, defaultTier, [
        path.join(configDir, rulesDir, "*.yml"),
        ...(defaultTier ? [path.join(configDir, rulesDir, defaultTier.id, "*.yml")] : []),
      ]),
      // Each tier's rules (`rules/<tierId>/`) are evaluated against the tier that holds their series.
      ...tierPorts.map(({ tier, vmalert }) =>
        startVmalert(`vmalert-${tier.id}`, vmalert, tier, [path.join(configDir, rulesDir, tier.id, "*.yml")]),
      ),
    ]);
  } catch (error) {
    await stopServices(services);
    throw error;
  }
  return { urls, workDir, adminKeys, vmauthReloadKey, stop: () => stopServices(services) };
}
