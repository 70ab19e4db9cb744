import { probeModules, targetKinds, type MonitoringSnapshot, type TargetKind } from "./snapshot";

type FileSdGroup = { targets: string[]; labels: { member: string; target: string; kind: TargetKind; module: string } };

export const fileSdDir = "file_sd";

/**
 * One Prometheus file_sd JSON per target kind (`file_sd/<kind>.json`), a group per target. Every kind gets a
 * file, even without targets, so a deleted last target empties its file instead of leaving stale probes.
 */
export function renderFileSd(snapshot: MonitoringSnapshot): Record<string, string> {
  const groups = new Map<TargetKind, FileSdGroup[]>(targetKinds.map((kind) => [kind, []]));
  for (const member of snapshot.members) {
    for (const target of member.targets) {
      groups.get(target.kind)?.push({
        targets: [target.address],
        labels: { member: member.id, target: target.id, kind: target.kind, module: probeModules[target.kind] },
      });
    }
  }
  const files: Record<string, string> = {};
  for (const [kind, list] of groups) files[`${fileSdDir}/${kind}.json`] = `${JSON.stringify(list, null, 2)}\n`;
  return files;
}
