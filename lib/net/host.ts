import ipaddr from "ipaddr.js";

// Browser-safe (the target and infra forms load it): the same answers as node:net's isIP, without node:net.

/** Dotted-quad decimal without leading zeros: what net.isIP calls IPv4. */
const dottedQuad = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// RFC 1123 labels (letters, digits, hyphens), at least one dot so a bare word is not a host.
const hostNamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
/** A last label that URL parsers and inet_aton read as a number (WHATWG "ends in a number"): 127.1, 0x7f.0x1. */
const numericLastLabel = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;

/**
 * An IP address in its one standard spelling: `010.0.0.1`, `0x7f.1` or `2130706433` are not, since resolvers and
 * parsers disagree on what they mean (ipaddr.js reads `010` as octal, older Go as decimal). IPv6 zones (`%eth0`)
 * are refused: no target or server of a member is link-local.
 */
export function isIpLiteral(value: string): boolean {
  if (dottedQuad.test(value)) return true;
  if (value.includes("%") || !ipaddr.IPv6.isValid(value)) return false;
  const embedded = value.slice(value.lastIndexOf(":") + 1);
  return !embedded.includes(".") || dottedQuad.test(embedded);
}

/** A DNS host name, never one a parser could take for a number (which an IP literal must spell as above). */
export function isHostName(value: string): boolean {
  return hostNamePattern.test(value) && !endsInNumber(value);
}

/** Not an IP literal, yet read as an address by some parser: never resolve it, never take it for a name. */
export function endsInNumber(value: string): boolean {
  return numericLastLabel.test(value);
}

/** What a member or an admin may type as a host: an IP literal or a host name. */
export function isHostOrIpLiteral(value: string): boolean {
  return isIpLiteral(value) || isHostName(value);
}
