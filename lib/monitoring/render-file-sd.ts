import { type MonitoringSnapshot, type ProbedKind, probedKinds, probeModules, tierOfKind } from "./snapshot";

type TargetLabels = {
  member: string;
  target: string;
  kind: ProbedKind;
  module: string;
  depends_on?: string;
  tier?: string;
};
type InfraLabels = { infra: string; kind: "vpn_server"; module: "icmp" };
type FileSdGroup<Labels> = { targets: string[]; labels: Labels };

export const fileSdDir = "file_sd";
/** VPN servers are pinged like a member's host, but labelled with their component id instead of a member. */
export const infraFileSd = `${fileSdDir}/infra.json`;

/**
 * One Prometheus file_sd JSON per target kind (`file_sd/<kind>.json`), a group per target, and the hub's VPN
 * servers in `file_sd/infra.json`. Every file exists, even empty, so a deleted last target empties its file
 * instead of leaving stale probes. A target behind a component carries `depends_on`, which inhibit rules match.
 * A target whose kind has a tier carries `tier="<id>"`: vmagent's per-URL relabelling sends its series to that
 * tier's VictoriaMetrics only; without it they go to the default instance (as do the VPN servers' pings).
 */
export function renderFileSd(snapshot: MonitoringSnapshot): Record<string, string> {
  const groups = new Map<ProbedKind, FileSdGroup<TargetLabels>[]>(probedKinds.map((kind) => [kind, []]));
  for (const member of snapshot.members) {
    for (const target of member.targets) {
      if (!(target.kind in probeModules)) continue;
      const kind = target.kind as ProbedKind;
      const labels: TargetLabels = { member: member.id, target: target.id, kind, module: probeModules[kind] };
      if (target.dependsOn) labels.depends_on = target.dependsOn;
      const tier = tierOfKind(snapshot, kind);
      if (tier) labels.tier = tier;
      groups.get(kind)?.push({ targets: [target.address], labels });
    }
  }
  const files: Record<string, string> = {};
  for (const [kind, list] of groups) files[`${fileSdDir}/${kind}.json`] = `${JSON.stringify(list, null, 2)}\n`;
  const servers: FileSdGroup<InfraLabels>[] = snapshot.infra
    .filter((component) => component.kind === "vpn_server")
    .map((component) => ({
      targets: [component.address],
      labels: { infra: component.id, kind: "vpn_server", module: "icmp" },
    }));
  files[infraFileSd] = `${JSON.stringify(servers, null, 2)}\n`;
  return files;
}
