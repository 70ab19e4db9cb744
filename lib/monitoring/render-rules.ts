import { stringify } from "yaml";
import type { MonitoringTimings } from "./timings";

export const rulesDir = "rules";

type Rule = { alert: string; expr: string; for: string; labels: { severity: string }; annotations: { summary: string } };

// Days left before the certificate expires; last_over_time bridges a missed scrape (awesome-prometheus-alerts).
const certDaysLeft = (selector: string) =>
  `round((last_over_time(probe_ssl_earliest_cert_expiry{${selector}}[10m]) - time()) / 86400, 0.1)`;

function blackboxRules(selector: string, timings: MonitoringTimings): Rule[] {
  const days = certDaysLeft(selector);
  return [
    {
      alert: "BlackboxProbeFailed",
      expr: `probe_success{${selector}} == 0`,
      for: timings.probeFailedFor,
      labels: { severity: "critical" },
      annotations: { summary: "Probe failed" },
    },
    {
      alert: "BlackboxSslCertificateWillExpireSoon",
      expr: `3 <= ${days} < 14`,
      for: timings.certExpiryFor,
      labels: { severity: "warning" },
      annotations: { summary: "TLS certificate expires in less than 14 days" },
    },
    {
      alert: "BlackboxSslCertificateWillExpireVerySoon",
      expr: `0 <= ${days} < 3`,
      for: timings.certExpiryFor,
      labels: { severity: "critical" },
      annotations: { summary: "TLS certificate expires in less than 3 days" },
    },
    {
      // Only reachable when a module skips verification; otherwise the probe itself fails first.
      alert: "BlackboxSslCertificateExpired",
      expr: `${days} < 0`,
      for: timings.certExpiryFor,
      labels: { severity: "critical" },
      annotations: { summary: "TLS certificate has expired" },
    },
  ];
}

/** vmalert rule files, one per kind (`rules/vigie-<kind>.yml`); the relay translates summaries by alertname. */
export function renderRules(timings: MonitoringTimings): Record<string, string> {
  const groups = [{ name: "vigie-brick", rules: blackboxRules('kind="brick"', timings) }];
  return { [`${rulesDir}/vigie-brick.yml`]: stringify({ groups }, { lineWidth: 0 }) };
}
