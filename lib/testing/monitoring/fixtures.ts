import { buildSnapshot, type MonitoringSnapshot } from "@/lib/monitoring/snapshot";
import { fastTimings, type MonitoringTimings } from "@/lib/monitoring/timings";

/** Two members, targets given out of order: renderers must sort them. */
export const sampleSnapshot: MonitoringSnapshot = buildSnapshot([
  { id: "t_b2", memberId: "m_bob", kind: "brick", address: "https://bob.example.org/" },
  { id: "t_a2", memberId: "m_alice", kind: "brick", address: "https://alice.example.org/cloud" },
  { id: "t_a1", memberId: "m_alice", kind: "brick", address: "http://80.67.169.12:8080/" },
]);

export const emptySnapshot: MonitoringSnapshot = { members: [], infra: [] };

/** A hypervisor and a VPN server; Alice's VPS and brick sit behind them, Bob's ping depends on nothing. */
export const infraSnapshot: MonitoringSnapshot = buildSnapshot(
  [
    { id: "t_a3", memberId: "m_alice", kind: "vpn", address: "alice", dependsOn: "i_vpn1" },
    { id: "t_a2", memberId: "m_alice", kind: "vps", address: "qemu/101", dependsOn: "i_pve1" },
    { id: "t_a1", memberId: "m_alice", kind: "brick", address: "https://alice.example.org/", dependsOn: "i_vpn1" },
    { id: "t_b1", memberId: "m_bob", kind: "ping", address: "80.67.169.12" },
  ],
  new Map(),
  [
    { id: "i_vpn1", kind: "vpn_server", address: "vpn.neutrinet.be" },
    { id: "i_pve1", kind: "hypervisor", address: "node/pve1" },
  ],
);

export const sampleTimings: MonitoringTimings = { ...fastTimings, probeFailedFor: "4s" };

export const sampleAlertmanagerOptions = {
  webhookUrl: "http://127.0.0.1:3000/api/alertmanager/webhook",
  webhookToken: "test-webhook-token-0123456789",
  timings: sampleTimings,
};

/** A hub configuration like Neutrinet's: its own receivers, routes and inhibitions, which Vigie must keep. */
export const sampleBase: Record<string, unknown> = {
  global: { resolve_timeout: "5m" },
  route: {
    receiver: "infra-matrix",
    group_by: ["alertname", "instance"],
    routes: [{ receiver: "infra-mattermost", matchers: ['severity="critical"'], continue: true }],
  },
  receivers: [
    { name: "infra-matrix", webhook_configs: [{ url: "http://127.0.0.1:9000/matrix" }] },
    { name: "infra-mattermost", webhook_configs: [{ url: "http://127.0.0.1:9000/mattermost" }] },
  ],
  inhibit_rules: [
    { source_matchers: ['alertname="HypervisorDown"'], target_matchers: ['kind="vps"'], equal: ["node"] },
  ],
};
