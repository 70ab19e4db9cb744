import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Ranges a member may not point the probes at: the monitoring hosts' own neighbourhood and non-routable space. */
const refusedRanges = new Set([
  "unspecified",
  "broadcast",
  "multicast",
  "linkLocal",
  "loopback",
  "carrierGradeNat",
  "private",
  "reserved",
  "uniqueLocal",
  "benchmarking",
  "amt",
  "as112",
  "deprecated",
  "orchid2",
  "droneRemoteIdProtocolEntityTags",
  "as112v6",
  "rfc6145",
  "rfc6052",
  "6to4",
  "teredo",
  "discard",
]);

export type AddressVerdict =
  | { ok: true; addresses: string[] }
  | { ok: false; reason: "host_not_found" | "address_not_allowed"; address?: string };

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(address);
  // An IPv4-mapped IPv6 address reaches the IPv4 host: judge it as such.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

export function parseAllowList(cidrs: readonly string[]): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  return cidrs.map((cidr) => (cidr.includes("/") ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === "ipv4" ? 32 : 128]));
}

function isInList(parsed: ipaddr.IPv4 | ipaddr.IPv6, list: [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  return list.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match([net, bits] as never));
}

export function isAddressAllowed(address: string, allowList: [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  const parsed = normalise(address);
  return isInList(parsed, allowList) || !refusedRanges.has(parsed.range());
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
