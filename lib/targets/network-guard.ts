import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type Network = [Address, number];

/**
 * IPv6 global unicast (RFC 4291). Everything else — NAT64, the IPv4-compatible and mapped-translated forms, the
 * discard and dummy prefixes, segment routing, site-local, unassigned space — is refused without a name for it:
 * a new special range must not slip through because a list missed its name.
 */
const globalUnicastV6: Network = [ipaddr.IPv6.parse("2000::"), 3];

/**
 * Only public unicast addresses may be probed or called. ipaddr.js names every special-purpose block inside
 * 2000::/3 (6to4, Teredo, benchmarking, ORCHID, documentation, AS112, AMT…) and every IPv4 block the IANA
 * special-purpose registry marks not globally reachable, so anything it does not call `unicast` is refused
 * (network-guard.test.ts walks the registry, so a library upgrade that forgets one fails there).
 */
function isPublicUnicast(address: Address): boolean {
  if (address.range() !== "unicast") return false;
  return address instanceof ipaddr.IPv4 || matches(address, globalUnicastV6);
}

function matches(address: Address, [net, bits]: Network): boolean {
  if (address instanceof ipaddr.IPv4) return net instanceof ipaddr.IPv4 && address.match(net, bits);
  return net instanceof ipaddr.IPv6 && address.match(net, bits);
}

export type AddressVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: "host_not_found" | "address_not_allowed"; address?: string };

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

function normalise(address: string): Address {
  const parsed = ipaddr.parse(address);
  // An IPv4-mapped IPv6 address reaches the IPv4 host: judge it as such.
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) return parsed.toIPv4Address();
  return parsed;
}

export function parseAllowList(cidrs: readonly string[]): Network[] {
  return cidrs.map((cidr) => (cidr.includes("/") ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === "ipv4" ? 32 : 128]));
}

function isInList(parsed: Address, list: readonly Network[]): boolean {
  return list.some((network) => matches(parsed, network));
}

/** A public unicast address, or one inside the allow-list (TARGET_ALLOWED_NETWORKS). */
export function isAddressAllowed(address: string, allowList: readonly Network[]): boolean {
  const parsed = normalise(address);
  return isInList(parsed, allowList) || isPublicUnicast(parsed);
}

export function isAddressInNetworks(address: string, cidrs: readonly string[]): boolean {
  return isInList(normalise(address), parseAllowList(cidrs));
}

/** One spelling per address (`::ffff:1.2.3.4` and `1.2.3.4`, `::1` and `0:0::1` compare equal). */
export function canonicalAddress(address: string): string {
  return normalise(address).toNormalizedString();
}

/** Every address of these hosts; a name that does not resolve adds nothing. */
export async function resolveHosts(hosts: readonly string[], resolve: Resolver = systemResolver): Promise<string[]> {
  const lists = await Promise.all(
    hosts.map((host) => {
      const bare = host.replace(/^\[|\]$/g, "");
      return ipaddr.isValid(bare) ? [bare] : resolve(bare).catch(() => []);
    }),
  );
  return lists.flat();
}

/**
 * Every address the host resolves to must be allowed: a name with one public and one private
 * address would let the probes reach the private one.
 */
export async function checkHost(
  host: string,
  allowedNetworks: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<AddressVerdict> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (ipaddr.isValid(bare)) {
    addresses = [bare];
  } else {
    try {
      addresses = await resolve(bare);
    } catch {
      return { ok: false, reason: "host_not_found" };
    }
    if (addresses.length === 0) return { ok: false, reason: "host_not_found" };
  }
  const allowList = parseAllowList(allowedNetworks);
  const refused = addresses.find((address) => !isAddressAllowed(address, allowList));
  return refused ? { ok: false, reason: "address_not_allowed", address: refused } : { ok: true, addresses };
}
