import type { MonitoredTarget, MonitoringSnapshot, TargetKind } from "./snapshot";
import type { MonitoringTimings } from "./timings";

export type Rule = {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; status_code?: string };
};

/**
 * The contract the VPN server's exporter must fulfil for VPN link alerts: one gauge per VPN client,
 *   vpn_client_connected{client="<OpenVPN common name>"} 1
 * 1 while the client is connected, 0 when it is not; a client may also simply have no series while it is
 * disconnected (absent counts as disconnected). Other labels (instance, job, server) are free.
 */
export const vpnConnectedMetric = "vpn_client_connected";
export const vpnClientLabel = "client";

/** prometheus-pve-exporter names guests `qemu/<vmid>` or `lxc/<vmid>` in the `id` label of every pve_* metric. */
const pveGuestLabel = "id";

// The addresses are validated (guest id, VPN common name) before they are stored; quoting still keeps a
// surprising value from breaking out of the selector.
const quote = (value: string) => JSON.stringify(value);

/**
 * The exporters' series carry no member label: each rule names its target and member itself, and the component
 * it depends on, which the inhibit rules match.
 */
function targetLabels(memberId: string, target: MonitoredTarget, severity: string): Record<string, string> {
  const labels: Record<string, string> = { member: memberId, target: target.id, kind: target.kind, severity };
  if (target.dependsOn) labels.depends_on = target.dependsOn;
  return labels;
}

function targetsOf(snapshot: MonitoringSnapshot, kind: TargetKind): [string, MonitoredTarget][] {
  return snapshot.members.flatMap((member) =>
    member.targets.filter((t) => t.kind === kind).map((t): [string, MonitoredTarget] => [member.id, t]),
  );
}

/** Proxmox guest rules from awesome-prometheus-alerts, one set per VPS target. */
export function renderVpsRules(snapshot: MonitoringSnapshot, timings: MonitoringTimings): Rule[] {
  return targetsOf(snapshot, "vps").flatMap(([memberId, target]) => {
    const guest = `${pveGuestLabel}=${quote(target.address)}`;
    const rule = (alert: string, expr: string, duration: string, severity: string, summary: string): Rule => ({
      alert,
      expr,
      for: duration,
      labels: targetLabels(memberId, target, severity),
      annotations: { summary },
    });
    return [
      // The catalogue waits 5m; a member's own VPS is worth the probe delay, like a brick.
      rule("PveGuestDown", `pve_up{${guest}} == 0`, timings.probeFailedFor, "critical", "VPS is down"),
      rule("PveHighCpuUsage", `pve_cpu_usage_ratio{${guest}} * 100 > 90`, "5m", "warning", "VPS CPU usage above 90 %"),
      rule(
        "PveHighMemoryUsage",
        `pve_memory_usage_bytes{${guest}} / pve_memory_size_bytes{${guest}} * 100 > 90`,
        "5m",
        "warning",
        "VPS memory usage above 90 %",
      ),
      rule(
        "PveGuestDiskFillingUp",
        `pve_disk_usage_bytes{${guest}} / pve_disk_size_bytes{${guest}} * 100 > 80`,
        "5m",
        "warning",
        "VPS disk more than 80 % full",
      ),
      rule("PveGuestNotBackedUp", `pve_not_backed_up_total{${guest}} > 0`, "0s", "warning", "VPS is not backed up"),
    ];
  });
}

/** One rule per VPN target: disconnected, or no series at all for its client. */
export function renderVpnRules(snapshot: MonitoringSnapshot, timings: MonitoringTimings): Rule[] {
  return targetsOf(snapshot, "vpn").map(([memberId, target]) => {
    const series = `${vpnConnectedMetric}{${vpnClientLabel}=${quote(target.address)}}`;
    return {
      alert: "VpnClientDisconnected",
      expr: `${series} == 0 or absent(${series})`,
      for: timings.probeFailedFor,
      labels: targetLabels(memberId, target, "critical"),
      annotations: { summary: "VPN link is disconnected" },
    };
  });
}
