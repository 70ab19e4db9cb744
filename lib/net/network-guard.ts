import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { endsInNumber, isIpLiteral } from "./host";

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

/** What decides where the probes and the guarded HTTP client may go. */
export type AddressRules = {
  /** Allowed although not public unicast: TARGET_ALLOWED_NETWORKS for probes, OUTBOUND_ALLOWED_NETWORKS for requests. */
  allowedNetworks: readonly string[];
  /** The monitoring servers' IP addresses (MONITORING_HOSTS): refused unless allowedNetworks names them. */
  monitoringHosts: readonly string[];
};

export type AddressRefusal = "address_not_allowed" | "address_is_monitoring_host";

export type AddressVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: "host_not_found" | AddressRefusal; address?: string };

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
  return cidrs.map((cidr) =>
    cidr.includes("/") ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === "ipv4" ? 32 : 128],
  );
}

function isInList(parsed: Address, list: readonly Network[]): boolean {
  return list.some((network) => matches(parsed, network));
}

/** A public unicast address, or one inside the allow-list (allowedNetworks). */
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

/**
 * The one rule for an address the probes or the guarded client would reach: public unicast or allow-listed, and not
 * a monitoring server unless allow-listed. A list with one refused address is refused whole. MONITORING_HOSTS are
 * IP literals (lib/env.ts): a name that stopped resolving would silently lift their protection.
 */
export function judgeAddresses(
  addresses: readonly string[],
  rules: AddressRules,
): { ok: true } | { ok: false; reason: AddressRefusal; address: string } {
  const allowList = parseAllowList(rules.allowedNetworks);
  const monitoring = new Set(rules.monitoringHosts.map((host) => canonicalAddress(host.replace(/^\[|\]$/g, ""))));
  for (const address of addresses) {
    if (!isAddressAllowed(address, allowList)) return { ok: false, reason: "address_not_allowed", address };
    if (monitoring.has(canonicalAddress(address)) && !isInList(normalise(address), allowList)) {
      return { ok: false, reason: "address_is_monitoring_host", address };
    }
  }
  return { ok: true };
}

/**
 * Every address the host resolves to must be allowed: a name with one public and one private
 * address would let the probes reach the private one. Only the standard spellings are IP literals (lib/net/host.ts).
 */
export async function checkHost(
  host: string,
  rules: AddressRules,
  resolve: Resolver = systemResolver,
): Promise<AddressVerdict> {
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIpLiteral(bare)) {
    addresses = [bare];
  } else if (endsInNumber(bare)) {
    // `010.0.0.1`, `127.1`: resolvers disagree on the address (octal, decimal, inet_aton's short forms).
    return { ok: false, reason: "address_not_allowed" };
  } else {
    try {
      addresses = await resolve(bare);
    } catch {
      return { ok: false, reason: "host_not_found" };
    }
    if (addresses.length === 0) return { ok: false, reason: "host_not_found" };
  }
  const verdict = judgeAddresses(addresses, rules);
  return verdict.ok ? { ok: true, addresses } : verdict;
}
