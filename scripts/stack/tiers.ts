import path from "node:path";
import { stringify } from "yaml";
import { writeFileAtomic } from "@/lib/monitoring/files";

/** A retention tier the stack runs a VictoriaMetrics (and a vmalert) for. */
export type StackTier = {
  id: string;
  /** `-retentionPeriod` as the tier row says it; VictoriaMetrics refuses less than `1d`. */
  retention: string;
  /** Served by the default instance, which also keeps the series with no tier (the hub's own). At most one. */
  default?: boolean;
};
export type TierUrls = { victoriaMetrics: string; vmalert: string };

/**
 * Which tier holds the exporters' series of a kind that is watched through them (VPS: pve-exporter's guests;
 * VPN: the VPN exporter's clients). The portal labels the probes it lists in file_sd; these series come from the
 * hub's exporters, so vmagent's scrape job labels them, and their rules find them in the tier they read.
 */
export type ExporterTiers = { vps?: string; vpn?: string };

/** The same safe ids as the portal's renderers: they go into file names, flags and relabelling regexps. */
export function checkTierIds(tiers: readonly StackTier[]): void {
  for (const tier of tiers) {
    if (!/^[A-Za-z0-9_-]+$/.test(tier.id)) throw new Error(`tier id ${JSON.stringify(tier.id)} is not an id`);
  }
  if (tiers.filter((tier) => tier.default).length > 1) throw new Error("at most one tier is the default instance");
}

/**
 * vmagent's `-remoteWrite.urlRelabelConfig` of one remote-write URL: keep only the series labelled with its tier
 * (and, for the default instance, those with no `tier` label: an absent label reads as the empty string).
 */
export function keepTierRelabel(tierId: string | undefined, keepUntiered: boolean): object[] {
  const ids = [tierId ?? [], keepUntiered ? "" : []].flat();
  return [{ action: "keep", source_labels: ["tier"], regex: ids.join("|") }];
}

/** Metric relabelling of the exporters' job: guests' pve_* series and VPN clients' series get their kind's tier. */
export function exporterTierRelabel(tiers: ExporterTiers): object[] {
  const rules: object[] = [];
  if (tiers.vps) {
    rules.push({
      source_labels: ["__name__", "id"],
      regex: "pve_.+;(?:qemu|lxc)/.+",
      target_label: "tier",
      replacement: tiers.vps,
    });
  }
  if (tiers.vpn) {
    rules.push({ source_labels: ["__name__"], regex: "vpn_client_.+", target_label: "tier", replacement: tiers.vpn });
  }
  return rules;
}

/**
 * Writes one relabelling file per remote-write URL (the default instance first) and returns vmagent's flags: one
 * `-remoteWrite.url` and one `-remoteWrite.urlRelabelConfig` per instance, in the same order. Each URL has its
 * own queue, so a slow tier does not hold the others back.
 */
export async function remoteWriteFlags(
  configDir: string,
  defaultUrl: string,
  defaultTier: StackTier | undefined,
  tiers: readonly { tier: StackTier; url: string }[],
): Promise<string[]> {
  if (tiers.length === 0 && !defaultTier) return [`-remoteWrite.url=${defaultUrl}/api/v1/write`];
  const flags: string[] = [];
  const targets = [
    { name: "default", url: defaultUrl, relabel: keepTierRelabel(defaultTier?.id, true) },
    ...tiers.map(({ tier, url }) => ({ name: tier.id, url, relabel: keepTierRelabel(tier.id, false) })),
  ];
  for (const { name, url, relabel } of targets) {
    const file = path.join(configDir, `remote-write-${name}.yml`);
    await writeFileAtomic(file, stringify(relabel));
    flags.push(`-remoteWrite.url=${url}/api/v1/write`, `-remoteWrite.urlRelabelConfig=${file}`);
  }
  return flags;
}
