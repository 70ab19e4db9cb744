import { probedKinds, probeModules, type MonitoringSnapshot, type ProbedKind } from "./snapshot";

type FileSdGroup = { targets: string[]; labels: { member: string; target: string; kind: ProbedKind; module: string } };

export const fileSdDir = "file_sd";

/**
 * One Prometheus file_sd JSON per target kind (`file_sd/<kind>.json`), a group per target. Every kind gets a
 * file, even without targets, so a deleted last target empties its file instead of leaving stale probes.
 */
export function renderFileSd(snapshot: MonitoringSnapshot): Record<string, string> {
  const groups = new Map<ProbedKind, FileSdGroup[]>(probedKinds.map((kind) => [kind, []]));
  for (const member of snapshot.members) {
    for (const target of member.targets) {
      if (!(target.kind in probeModules)) continue;
      const kind = target.kind as ProbedKind;
      groups.get(kind)?.push({
        targets: [target.address],
        labels: { member: member.id, target: target.id, kind, module: probeModules[kind] },
      });
    }
  }
  const files: Record<string, string> = {};
  for (const [kind, list] of groups) files[`${fileSdDir}/${kind}.json`] = `${JSON.stringify(list, null, 2)}\n`;
  return files;
}
