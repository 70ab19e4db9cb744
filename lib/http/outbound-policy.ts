import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import type { Env } from "@/lib/env";
import { type AddressRules, judgeAddresses, type Resolver, systemResolver } from "@/lib/net/network-guard";
import { OutboundError } from "./outbound-error";

/**
 * Where a request to a member-supplied address may go: public unicast addresses, plus OUTBOUND_ALLOWED_NETWORKS
 * (not TARGET_ALLOWED_NETWORKS: a range opened for probes, such as members' VPN addresses, is not opened for POSTs),
 * never the monitoring servers unless allow-listed.
 */
export type OutboundPolicy = AddressRules & { resolve?: Resolver };

export function outboundPolicyFromEnv(
  settings: Pick<Env, "OUTBOUND_ALLOWED_NETWORKS" | "MONITORING_HOSTS">,
): OutboundPolicy {
  return { allowedNetworks: settings.OUTBOUND_ALLOWED_NETWORKS, monitoringHosts: settings.MONITORING_HOSTS };
}

/** Throws unless every address may be connected to: a name with one refused address is refused whole. */
export async function assertAddressesAllowed(addresses: readonly string[], policy: OutboundPolicy): Promise<void> {
  const verdict = judgeAddresses(addresses, policy);
  if (!verdict.ok) throw new OutboundError(verdict.reason);
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
      const addresses = resolved
        .map((address) => ({ address, family: isIP(address) }))
        .filter((entry) => family === 0 || entry.family === family);
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
      (error: unknown) =>
        callback(error instanceof OutboundError ? error : new OutboundError("host_not_found", { cause: error }), []),
    );
  };
}
