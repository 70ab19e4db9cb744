/** Target kinds the monitoring knows how to probe, with the blackbox module each one uses. */
export const probeModules = { brick: "http_2xx" } as const;
export type TargetKind = keyof typeof probeModules;
export const targetKinds = Object.keys(probeModules).sort() as TargetKind[];

/** Only pseudonymous ids and the probe address: labels and names never reach the monitoring files. */
export type MonitoredTarget = { id: string; memberId: string; kind: TargetKind; address: string };
export type MonitoredMember = { id: string; targets: MonitoredTarget[] };

/** The single input of every renderer: members that have at least one target, sorted by id. */
export type MonitoringSnapshot = { members: MonitoredMember[] };

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Groups targets by member and sorts everything, so renderers stay deterministic whatever the row order. */
export function buildSnapshot(targets: readonly MonitoredTarget[]): MonitoringSnapshot {
  const byMember = new Map<string, MonitoredTarget[]>();
  for (const target of targets) {
    const list = byMember.get(target.memberId) ?? [];
    list.push({ ...target });
    byMember.set(target.memberId, list);
  }
  const members = [...byMember].map(([id, list]) => ({ id, targets: list.sort(byId) }));
  return { members: members.sort(byId) };
}
