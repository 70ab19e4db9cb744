import type { Rule } from "./render-guest-rules";
import type { MonitoredComponent, MonitoringSnapshot } from "./snapshot";
import type { MonitoringTimings } from "./timings";

/** The alert each kind of component raises when it is down: the source of the inhibit rules. */
export const infraAlertNames: Record<MonitoredComponent["kind"], string> = {
  hypervisor: "InfraHypervisorDown",
  vpn_server: "InfraVpnServerDown",
};

const quote = (value: string) => JSON.stringify(value);

/**
 * One rule per component, labelled with its id (`infra`) and no member: Alertmanager routes it to the relay's
 * infra webhook and inhibits the alerts whose `depends_on` names it. A hypervisor is down when pve-exporter says
 * so for its node (awesome-prometheus-alerts' PveNodeDown); a VPN server when its ping (file_sd/infra.json)
 * fails. They wait no longer than the member alerts they inhibit, so the inhibition is in place first.
 */
export function renderInfraRules(snapshot: MonitoringSnapshot, timings: MonitoringTimings): Rule[] {
  return snapshot.infra.map((component) => ({
    alert: infraAlertNames[component.kind],
    expr:
      component.kind === "hypervisor"
        ? `pve_up{id=${quote(component.address)}} == 0`
        : `probe_success{infra=${quote(component.id)}} == 0`,
    for: timings.probeFailedFor,
    labels: { infra: component.id, component_kind: component.kind, severity: "critical" },
    annotations: {
      summary: component.kind === "hypervisor" ? "Hypervisor is down" : "VPN server does not answer ping",
    },
  }));
}
