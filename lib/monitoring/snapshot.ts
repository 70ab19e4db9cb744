import type { QuietHours, TargetKindValue, WeeklyWindow } from "@/lib/db/schema";
import type { VmauthInput } from "./vmauth-model";

export type TargetKind = TargetKindValue;

/**
 * Kinds probed by blackbox-exporter through file_sd, with their module (the stack's blackbox.yml must define
 * them); vps and vpn are alert rules on the Proxmox and VPN exporters' metrics instead.
 */
export const probeModules = { brick: "http_2xx", ping: "icmp", tcp: "tcp_connect" } as const satisfies Partial<
  Record<TargetKind, string>
>;
export type ProbedKind = keyof typeof probeModules;
export const probedKinds = Object.keys(probeModules).sort() as ProbedKind[];

/** Only pseudonymous ids and the probe address: labels and names never reach the monitoring files. */
export type MonitoredTarget = {
  id: string;
  memberId: string;
  kind: TargetKind;
  address: string;
  /** The infrastructure component whose outage inhibits this target's alerts (its `depends_on` label). */
  dependsOn?: string;
};
/** An infrastructure component as the monitoring sees it: its id and what to watch, never its name. */
export type MonitoredComponent = { id: string; kind: "hypervisor" | "vpn_server"; address: string };
export type MemberAlertSettings = {
  repeatInterval: string;
  quietHours: QuietHours | null;
  /** Weekly maintenance windows; targetId null covers every target of the member. */
  weeklySilences: { targetId: string | null; window: WeeklyWindow }[];
};
export type MonitoredMember = { id: string; targets: MonitoredTarget[] } & MemberAlertSettings;

/** The tier (its id) each target kind's series go to; a kind absent here has none and uses the default instance. */
export type KindTiers = Partial<Record<TargetKind, string>>;

/**
 * The single input of every renderer: members that have at least one target, the hub's components, by id, each
 * target kind's tier, and the tiers holding at least one non-revoked antenna (their antenna rules; absent or
 * empty: none).
 */
export type MonitoringSnapshot = {
  members: MonitoredMember[];
  infra: MonitoredComponent[];
  kindTiers?: KindTiers;
  antennaTiers?: string[];
  /** vmauth's users (tiers' service users and antennas, passwords in clear); absent or null: no vmauth.yml. */
  vmauth?: VmauthInput | null;
};

/** The tier holding a kind's series, if it has one (its probes carry `tier`, its rules go to that tier's vmalert). */
export function tierOfKind(snapshot: MonitoringSnapshot, kind: TargetKind): string | undefined {
  const tier = snapshot.kindTiers?.[kind];
  // The id becomes a label value and a folder name (rules/<id>/): only opaque, path-safe ids.
  if (tier !== undefined && !/^[A-Za-z0-9_-]+$/.test(tier))
    throw new Error(`tier id ${JSON.stringify(tier)} is not an id`);
  return tier;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Groups targets by member and sorts everything, so renderers stay deterministic whatever the row order. */
export function buildSnapshot(
  targets: readonly MonitoredTarget[],
  settings: ReadonlyMap<string, MemberAlertSettings> = new Map(),
  infra: readonly MonitoredComponent[] = [],
  kindTiers: KindTiers = {},
): MonitoringSnapshot {
  const byMember = new Map<string, MonitoredTarget[]>();
  for (const target of targets) {
    const list = byMember.get(target.memberId) ?? [];
    list.push({ ...target });
    byMember.set(target.memberId, list);
  }
  const members = [...byMember].map(([id, list]) => ({
    id,
    targets: list.sort(byId),
    ...(settings.get(id) ?? defaultAlertSettings),
  }));
  return {
    members: members.sort(byId),
    infra: infra.map((component) => ({ ...component })).sort(byId),
    kindTiers: Object.fromEntries(Object.entries(kindTiers).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export const defaultAlertSettings: MemberAlertSettings = { repeatInterval: "4h", quietHours: null, weeklySilences: [] };

/**
 * The VictoriaMetrics vmauth forwards a tier's traffic to, from the tier's write URL: an admin may have entered
 * the full remote-write URL (`…/api/v1/write`) or the instance's base URL; vmauth appends the request path itself.
 */
export function victoriaMetricsBaseUrl(writeUrl: string): string {
  const url = new URL(writeUrl);
  url.pathname = url.pathname.replace(/\/api\/v1\/write\/?$/, "").replace(/\/+$/, "");
  return url.href.replace(/\/+$/, "");
}
