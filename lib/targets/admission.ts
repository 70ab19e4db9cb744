import { env } from "@/lib/env";
import { checkHost, isAddressInNetworks, type Resolver } from "@/lib/net/network-guard";
import { probedHostOf } from "./address";
import type { TargetInput } from "./schema";

/** The networks and hosts that decide whether a target may be watched, and whether an admin must approve it. */
export type TargetPolicy = {
  /** Allowed although loopback/private/reserved (TARGET_ALLOWED_NETWORKS). */
  allowedNetworks: readonly string[];
  /** Targets whose every address lies inside start active; others wait for an admin (TARGET_AUTO_APPROVED_NETWORKS). */
  autoApprovedNetworks: readonly string[];
  /** The monitoring servers' IP addresses: a member must not aim the probes at them (MONITORING_HOSTS). */
  monitoringHosts: readonly string[];
  resolve?: Resolver;
};

export type Admission =
  | { ok: true; status: "active" | "pending" }
  | { ok: false; reason: "host_not_found" | "address_not_allowed" | "address_is_monitoring_host" };

export type HostVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: "host_not_found" | "address_not_allowed" | "address_is_monitoring_host" };

/**
 * The network guard on a host the probes reach: every address it resolves to must be allowed and none may be a
 * monitoring host. Used when a target is saved and again by the daily re-check, since blackbox resolves anew.
 */
export async function judgeProbedHost(host: string, policy: TargetPolicy): Promise<HostVerdict> {
  const verdict = await checkHost(host, policy, policy.resolve);
  return verdict.ok ? verdict : { ok: false, reason: verdict.reason };
}

/**
 * Runs the network guard on the host the probes would reach and chooses the starting status. VPS and VPN
 * targets always wait for an admin: the portal cannot tell whether a guest id or a VPN account is the member's.
 */
export async function admitTarget(input: TargetInput, policy: TargetPolicy): Promise<Admission> {
  const host = probedHostOf(input);
  if (host === null) return { ok: true, status: "pending" };
  const verdict = await judgeProbedHost(host, policy);
  if (!verdict.ok) return verdict;
  const approved = verdict.addresses.every((address) => isAddressInNetworks(address, policy.autoApprovedNetworks));
  return { ok: true, status: approved ? "active" : "pending" };
}

/** The policy this process runs with, from the environment. */
export function targetPolicyFromEnv(): TargetPolicy {
  const settings = env();
  return {
    allowedNetworks: settings.TARGET_ALLOWED_NETWORKS,
    autoApprovedNetworks: settings.TARGET_AUTO_APPROVED_NETWORKS,
    monitoringHosts: settings.MONITORING_HOSTS,
  };
}
