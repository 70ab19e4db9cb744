import path from "node:path";
import { stringify } from "yaml";
import { writeFileAtomic } from "@/lib/monitoring/files";
import { servicePasswordFile } from "@/lib/monitoring/render-vmauth";
import { type TierServiceRole, tierServiceUsername } from "@/lib/tiers/service-users";

/** A retention tier the stack runs a VictoriaMetrics (and a vmalert) for. */
export type StackTier = {
  id: string;
  /** `-retentionPeriod` as the tier row says it; VictoriaMetrics refuses less than `1d`. */
  retention: string;
  /** Served by the default instance, which also keeps the series with no tier (the hub's own). At most one. */
  default?: boolean;
};
/** A tier's own instance (read and written directly by tests) and its vmalert. */
export type TierUrls = { victoriaMetrics: string; vmalert: string };

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

/** A tier's service user as vmagent or vmalert sends it: its name and the password file the portal writes. */
export function serviceUserFlags(portalConfigDir: string, role: TierServiceRole, tierId: string) {
  const username = tierServiceUsername(role, tierId);
  return { username, passwordFile: path.join(portalConfigDir, servicePasswordFile(username)) };
}

type RemoteWrite = { name: string; url: string; relabel: object[]; user?: { username: string; passwordFile: string } };

/**
 * Writes one relabelling file per remote-write URL (the default instance first) and returns vmagent's flags: one
 * `-remoteWrite.url` and one `-remoteWrite.urlRelabelConfig` per instance, in the same order, and the users vmagent
 * writes as (positional lists, empty where the URL is the default instance reached directly). Every tier is
 * reached through vmauth as its `vmagent-<tierId>`, with the password file the portal's sync writes (vmagent
 * re-reads it: until the first sync its writes wait in its buffer). Each URL has its own queue, so a slow tier
 * does not hold the others back.
 */
export async function remoteWriteFlags(options: {
  /** The stack's own folder: the per-URL relabelling files. */
  configDir: string;
  /** The portal's folder: the service users' password files. */
  portalConfigDir: string;
  vmauthUrl: string;
  /** The default instance, written to directly when no tier is the default. */
  defaultUrl: string;
  defaultTier?: StackTier;
  tiers: readonly StackTier[];
}): Promise<string[]> {
  const { configDir, portalConfigDir, vmauthUrl, defaultUrl, defaultTier, tiers } = options;
  const throughVmauth = (tier: StackTier) => ({
    url: vmauthUrl,
    user: serviceUserFlags(portalConfigDir, "writer", tier.id),
  });
  const targets: RemoteWrite[] = [
    {
      name: "default",
      relabel: keepTierRelabel(defaultTier?.id, true),
      ...(defaultTier ? throughVmauth(defaultTier) : { url: defaultUrl }),
    },
    ...tiers.map((tier) => ({ name: tier.id, relabel: keepTierRelabel(tier.id, false), ...throughVmauth(tier) })),
  ];
  const flags: string[] = [];
  for (const { name, url, relabel } of targets) {
    const file = path.join(configDir, `remote-write-${name}.yml`);
    await writeFileAtomic(file, stringify(relabel));
    flags.push(`-remoteWrite.url=${url}/api/v1/write`, `-remoteWrite.urlRelabelConfig=${file}`);
  }
  if (targets.some((target) => target.user)) {
    flags.push(
      `-remoteWrite.basicAuth.username=${targets.map((target) => target.user?.username ?? "").join(",")}`,
      `-remoteWrite.basicAuth.passwordFile=${targets.map((target) => target.user?.passwordFile ?? "").join(",")}`,
    );
  }
  return flags;
}
