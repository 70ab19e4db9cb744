import { buildSnapshot, type MonitoringSnapshot } from "./snapshot";
import { fastTimings, type MonitoringTimings } from "./timings";

/** Two members, targets given out of order: renderers must sort them. */
export const sampleSnapshot: MonitoringSnapshot = buildSnapshot([
  { id: "t_b2", memberId: "m_bob", kind: "brick", address: "https://bob.example.org/" },
  { id: "t_a2", memberId: "m_alice", kind: "brick", address: "https://alice.example.org/cloud" },
  { id: "t_a1", memberId: "m_alice", kind: "brick", address: "http://80.67.169.12:8080/" },
]);

export const emptySnapshot: MonitoringSnapshot = { members: [] };

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
  inhibit_rules: [{ source_matchers: ['alertname="HypervisorDown"'], target_matchers: ['kind="vps"'], equal: ["node"] }],
};
