import { randomBytes } from "node:crypto";
import { stringify } from "yaml";

// Alertmanager refuses to start without a config; the portal's first apply replaces this one.
export const placeholderAlertmanager =
  '# Placeholder written by the dev stack until the portal applies its config.\nroute:\n  receiver: "null"\nreceivers:\n  - name: "null"\n';

/**
 * vmauth refuses to start on a file without users, and no tier exists before the portal's first apply: one user
 * nobody knows the password of (random, never kept), mapped to nothing but /health, until the portal renders.
 */
export const placeholderVmauth = (victoriaMetrics: string) =>
  `# Placeholder written by the dev stack until the portal renders vmauth.yml (once a tier exists).\n${stringify({
    users: [
      {
        username: "vigie-placeholder",
        password: randomBytes(32).toString("base64url"),
        url_map: [{ src_paths: ["/health"], url_prefix: victoriaMetrics }],
      },
    ],
  })}`;
