import { isHostOrIpLiteral } from "@/lib/net/host";

/** A scheme as URLs spell it, followed by `//`: `https://`, `ftp://`. Anything typed with one is judged as is. */
const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The address the member most likely meant when they typed a brick's address without its scheme
 * (`ma-brique.nohost.me`, `ma-brique.nohost.me/admin`, `192.0.2.7:8443`): the same with `https://` in front, or null
 * when that would not be a plain web address either. Browser-safe: the form offers it with a one-click fix.
 * Only the brick kind takes a URL; ping and TCP take a bare host, and VPS/VPN an identifier.
 */
export function suggestHttpsAddress(typed: string): string | null {
  const value = typed.trim();
  if (value === "" || withScheme.test(value) || /\s/.test(value)) return null;
  const candidate = `https://${value}`;
  if (!URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  if (url.username !== "" || url.password !== "") return null;
  return isHostOrIpLiteral(url.hostname.replace(/^\[(.*)\]$/, "$1")) ? candidate : null;
}
