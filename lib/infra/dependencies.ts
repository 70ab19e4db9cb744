import type { TargetKindValue } from "@/lib/db/schema";

export const componentKinds = ["hypervisor", "vpn_server"] as const;
export type ComponentKind = (typeof componentKinds)[number];

/**
 * Which infrastructure each kind of target sits behind: a VPS on a hypervisor, a brick and a VPN link behind a
 * VPN server. Pings and TCP ports can point anywhere, so they depend on nothing.
 */
export const dependencyKindOf: Partial<Record<TargetKindValue, ComponentKind>> = {
  vps: "hypervisor",
  brick: "vpn_server",
  vpn: "vpn_server",
};

export function canDependOn(targetKind: TargetKindValue, componentKind: ComponentKind): boolean {
  return dependencyKindOf[targetKind] === componentKind;
}

/**
 * With exactly one VPN server every brick and VPN link is behind it, so they depend on it unless an admin chose
 * otherwise; with several, the admin chooses per target. Hypervisors are always chosen per VPS.
 */
export function defaultVpnServerOf(components: readonly { id: string; kind: ComponentKind }[]): string | null {
  const servers = components.filter((component) => component.kind === "vpn_server");
  return servers.length === 1 ? servers[0]!.id : null;
}

/** The component a target's alerts are inhibited by: the admin's choice, else the default VPN server. */
export function resolveDependency(
  target: { kind: TargetKindValue; dependsOn: string | null },
  defaultVpnServer: string | null,
): string | null {
  if (target.dependsOn) return target.dependsOn;
  return dependencyKindOf[target.kind] === "vpn_server" ? defaultVpnServer : null;
}
