import { isIP } from "node:net";
import type { LookupFunction } from "node:net";
import type { Env } from "@/lib/env";
import {
  canonicalAddress,
  isAddressAllowed,
  isAddressInNetworks,
  parseAllowList,
  resolveHosts,
  type Resolver,
  systemResolver,
} from "@/lib/targets/network-guard";
import { OutboundError } from "./outbound-error";

/** Where a request to a member-supplied address may go: the same rules as for the probes' targets. */
export type OutboundPolicy = {
  /** Allowed although not public (TARGET_ALLOWED_NETWORKS): the exception, as for targets. */
  allowedNetworks: readonly string[];
  /** The monitoring servers themselves (MONITORING_HOSTS): refused unless allowedNetworks names them. */
  monitoringHosts: readonly string[];
  resolve?: Resolver;
};

export function outboundPolicyFromEnv(settings: Pick<Env, "TARGET_ALLOWED_NETWORKS" | "MONITORING_HOSTS">): OutboundPolicy {
  return { allowedNetworks: settings.TARGET_ALLOWED_NETWORKS, monitoringHosts: settings.MONITORING_HOSTS };
}

/** Throws unless every address may be connected to: a name with one refused address is refused whole. */
export async function assertAddressesAllowed(addresses: readonly string[], policy: OutboundPolicy): Promise<void> {
  const allowList = parseAllowList(policy.allowedNetworks);
  const monitoring = new Set((await resolveHosts(policy.monitoringHosts, policy.resolve ?? systemResolver)).map(canonicalAddress));
  for (const address of addresses) {
    if (!isAddressAllowed(address, allowList)) throw new OutboundError("address_not_allowed");
    if (monitoring.has(canonicalAddress(address)) && !isAddressInNetworks(address, policy.allowedNetworks)) {
      throw new OutboundError("address_is_monitoring_host");
    }
  }
}

/**
 * The `lookup` the socket calls just before it connects: the addresses checked are the ones it then connects
 * to, so a name that re-resolves elsewhere after an earlier check (DNS rebinding) is refused here.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    const connectable = async () => {
      const resolved = await resolve(hostname).catch((error: unknown) => {
        throw new OutboundError("host_not_found", { cause: error });
      });
      await assertAddressesAllowed(resolved, policy);
      const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
      const addresses = resolved.map((address) => ({ address, family: isIP(address) })).filter((entry) => family === 0 || entry.family === family);
      if (addresses.length === 0) throw new OutboundError("host_not_found");
      return addresses;
    };
    connectable().then(
      (addresses) => {
        const [first] = addresses;
        if (options.all || !first) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      // A resolver answering something that is not an address is as good as no answer.
      (error: unknown) => callback(error instanceof OutboundError ? error : new OutboundError("host_not_found", { cause: error }), []),
    );
  };
}
