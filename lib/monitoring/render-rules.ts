import { stringify } from "yaml";
import { renderAntennaRules } from "./render-antenna-rules";
import { type Rule, renderVpnRules, renderVpsRules } from "./render-guest-rules";
import { renderInfraRules } from "./render-infra-rules";
import { type MonitoringSnapshot, type TargetKind, tierOfKind } from "./snapshot";
import type { MonitoringTimings } from "./timings";

export const rulesDir = "rules";

/**
 * Where a kind's rule file goes: `rules/<tierId>/` when its kind has a tier, for that tier's vmalert, which reads
 * the tier's VictoriaMetrics (where the kind's series are); `rules/` otherwise (the default vmalert and instance).
 * The hub's own components (`infra`) have no tier.
 */
export function ruleFileOf(snapshot: MonitoringSnapshot, kind: TargetKind | "infra"): string {
  const tier = kind === "infra" ? undefined : tierOfKind(snapshot, kind);
  return tier ? `${rulesDir}/${tier}/vigie-${kind}.yml` : `${rulesDir}/vigie-${kind}.yml`;
}

// Days left before the certificate expires; last_over_time bridges a missed scrape (awesome-prometheus-alerts).
const certDaysLeft = (selector: string) =>
  `round((last_over_time(probe_ssl_earliest_cert_expiry{${selector}}[10m]) - time()) / 86400, 0.1)`;

// The 3xx codes the http module does not follow (lib/monitoring/blackbox-modules.ts).
const redirectCode = (selector: string) => `probe_http_status_code{${selector}} >= 300 < 400`;

function probeFailedRule(selector: string, timings: MonitoringTimings, exceptRedirects = false): Rule {
  const failed = `probe_success{${selector}} == 0`;
  return {
    alert: "BlackboxProbeFailed",
    // A redirect has its own alert, which says so and gives the code, rather than "not responding" too.
    expr: exceptRedirects ? `(${failed}) unless on (target) (${redirectCode(selector)})` : failed,
    for: timings.probeFailedFor,
    labels: { severity: "critical" },
    annotations: { summary: "Probe failed" },
  };
}

/** The brick answered with a redirect: not followed, so it fails, and the member learns which code it sent. */
function redirectRule(selector: string, timings: MonitoringTimings): Rule {
  return {
    alert: "BlackboxHttpRedirect",
    expr: redirectCode(selector),
    for: timings.probeFailedFor,
    labels: { severity: "critical" },
    annotations: {
      summary: "Answered with a redirect (HTTP {{ $value }}), which is not followed",
      status_code: "{{ $value }}",
    },
  };
}

function certificateRules(selector: string, timings: MonitoringTimings): Rule[] {
  const days = certDaysLeft(selector);
  return [
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

function slowPingRule(selector: string, timings: MonitoringTimings): Rule {
  return {
    alert: "BlackboxProbeSlowPing",
    expr: `probe_icmp_duration_seconds{${selector},phase="rtt"} > 1`,
    for: timings.probeFailedFor,
    labels: { severity: "warning" },
    annotations: { summary: "Ping is slow (over 1 second)" },
  };
}

/**
 * vmalert rule files, one per kind (`rules/vigie-<kind>.yml`); the relay translates summaries by alertname.
 * Probed kinds share rules scoped by the `kind` label file_sd puts on every series; VPS and VPN rules are one
 * set per target, because the exporters' metrics carry no member label. Every file always exists (an empty
 * group when nothing is watched), so removing the last target empties its file; a kind moved to another tier
 * leaves its old file stale, which the apply removes.
 */
export function renderRules(snapshot: MonitoringSnapshot, timings: MonitoringTimings): Record<string, string> {
  const rules: Record<TargetKind | "infra", Rule[]> = {
    brick: [
      probeFailedRule('kind="brick"', timings, true),
      redirectRule('kind="brick"', timings),
      ...certificateRules('kind="brick"', timings),
    ],
    ping: [probeFailedRule('kind="ping"', timings), slowPingRule('kind="ping"', timings)],
    tcp: [probeFailedRule('kind="tcp"', timings)],
    vps: renderVpsRules(snapshot, timings),
    vpn: renderVpnRules(snapshot, timings),
    infra: renderInfraRules(snapshot, timings),
  };
  const files: Record<string, string> = {};
  for (const [kind, list] of Object.entries(rules)) {
    const groups = [{ name: `vigie-${kind}`, rules: list }];
    files[ruleFileOf(snapshot, kind as TargetKind | "infra")] = stringify({ groups }, { lineWidth: 0 });
  }
  return { ...files, ...renderAntennaRules(snapshot.antennaTiers ?? [], timings) };
}
