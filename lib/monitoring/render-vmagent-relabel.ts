import { stringify } from "yaml";
import { type MonitoringSnapshot, tierOfKind } from "./snapshot";

/** vmagent's `-remoteWrite.relabelConfig`: reloaded on `/-/reload`, so a kind moved to another tier is followed. */
export const vmagentRelabelFile = "vmagent-relabel.yml";

/**
 * The relabelling vmagent applies to every series before each remote-write URL keeps its own tier. The portal
 * labels the probes it lists in file_sd with their kind's tier; the kinds watched through the hub's exporters
 * (VPS: pve-exporter's guests; VPN: the VPN exporter's clients) come from scrape jobs the portal does not write,
 * so their tier is set here, from the same kind → tier map as their rules' placement: a kind's series and its
 * rules always move together. The hypervisors' own `pve_up{id="node/…"}` keeps no tier (the infra rules read it
 * in the default instance).
 */
export function exporterTierRelabel(snapshot: MonitoringSnapshot): object[] {
  const rules: object[] = [];
  const vps = tierOfKind(snapshot, "vps");
  if (vps) {
    rules.push({
      source_labels: ["__name__", "id"],
      regex: "pve_.+;(?:qemu|lxc)/.+",
      target_label: "tier",
      replacement: vps,
    });
  }
  const vpn = tierOfKind(snapshot, "vpn");
  if (vpn) rules.push({ source_labels: ["__name__"], regex: "vpn_client_.+", target_label: "tier", replacement: vpn });
  return rules;
}

/** Always rendered (an empty list when no exporter kind has a tier): vmagent needs the file it was started with. */
export function renderVmagentRelabel(snapshot: MonitoringSnapshot): Record<string, string> {
  return { [vmagentRelabelFile]: stringify(exporterTierRelabel(snapshot)) };
}
