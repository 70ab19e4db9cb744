import { stringify } from "yaml";
import { probeModules } from "./snapshot";

/**
 * The blackbox-exporter modules the probes use (`probeModules`), as the dev stack loads them and `deploy/blackbox.yml`
 * documents them for a hub. A brick's redirect is never followed: a member controls where it points, and blackbox
 * would fetch an internal URL from the hub and report success. The 3xx then fails the probe (only 2xx is valid)
 * and its code stays in `probe_http_status_code`, which the redirect alert and the dashboard show.
 */
export const blackboxModules = {
  [probeModules.brick]: {
    prober: "http",
    timeout: "5s",
    http: { follow_redirects: false, tls_config: { insecure_skip_verify: false } },
  },
  [probeModules.tcp]: { prober: "tcp", timeout: "5s" },
  // Needs root or cap_net_raw on the blackbox binary.
  [probeModules.ping]: { prober: "icmp", timeout: "5s" },
} as const;

/** blackbox.yml as Vigie expects it (blackbox 0.23 syntax). */
export function renderBlackboxConfig(): string {
  return stringify({ modules: blackboxModules });
}
