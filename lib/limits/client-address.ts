import ipaddr from "ipaddr.js";

/**
 * The address to count a request against. Next.js gives route handlers no socket: it writes the socket's address
 * into X-Forwarded-For, but only when the request has none. Each of the `trustedHops` reverse proxies in front
 * appends the address it was reached from, so the client is the entry `trustedHops` from the end; entries before
 * it are whatever the client wrote. With no trusted proxy, the last entry is the socket's address, unless the
 * client sent the header itself: then it chose its own key, so a per-address limit means something only behind a
 * trusted proxy. IPv6 addresses count per /56: the block ISPs usually delegate to one home (RIPE-690), so a
 * subscriber cannot rotate through the 256 /64s it holds; a /48 would put up to 256 such homes under one count.
 */
export function clientAddressOf(headers: Headers, trustedHops: number): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[Math.max(0, entries.length - Math.max(trustedHops, 1))] ?? "unknown";
  return networkOf(entry);
}

function networkOf(entry: string): string {
  if (!ipaddr.isValid(entry)) return entry.slice(0, 64);
  const address = ipaddr.process(entry);
  if (address.kind() === "ipv4") return address.toString();
  const bytes = address.toByteArray().slice(0, 7);
  return `${ipaddr.fromByteArray([...bytes, ...new Array<number>(9).fill(0)]).toString()}/56`;
}
