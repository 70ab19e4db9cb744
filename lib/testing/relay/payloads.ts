import type { WebhookPayload } from "@/lib/relay/intake/webhook-payload";

type AlertInput = {
  alertname?: string;
  status?: "firing" | "resolved";
  targetId?: string;
  fingerprint?: string;
  startsAt?: string;
  endsAt?: string;
  summary?: string;
  annotations?: Record<string, string>;
};

/** A payload shaped like the ones Alertmanager 0.25 posts (see STACK.md), for one member's group. */
export function alertGroupPayload(
  memberId: string,
  options: { status?: "firing" | "resolved"; alerts?: AlertInput[] } = {},
): WebhookPayload {
  const status = options.status ?? "firing";
  const alerts = (options.alerts ?? [{}]).map((alert, index) => {
    const alertStatus = alert.status ?? status;
    const targetId = alert.targetId ?? "t_0000000000000000000a";
    return {
      status: alertStatus,
      labels: {
        alertname: alert.alertname ?? "BlackboxProbeFailed",
        member: memberId,
        target: targetId,
        instance: `https://brick-${index}.example.org/`,
        kind: "brick",
        severity: "critical",
        alertgroup: "probes",
        job: "blackbox",
      },
      annotations: { summary: alert.summary ?? "Probe failed", ...alert.annotations },
      startsAt: alert.startsAt ?? "2026-11-26T23:49:48.97Z",
      endsAt: alert.endsAt ?? (alertStatus === "resolved" ? "2026-11-27T00:04:48.12Z" : "0001-01-01T00:00:00Z"),
      generatorURL: "http://127.0.0.1:8880/vmalert/alert?group_id=1&alert_id=2",
      fingerprint: alert.fingerprint ?? `54bb3391981055${String(index).padStart(2, "0")}`,
    };
  });
  return {
    version: "4",
    status,
    receiver: `member-${memberId}`,
    groupKey: `{}/{member="${memberId}"}:{member="${memberId}"}`,
    truncatedAlerts: 0,
    groupLabels: { member: memberId },
    commonLabels: { member: memberId, kind: "brick", job: "blackbox" },
    commonAnnotations: {},
    externalURL: "http://127.0.0.1:9093",
    alerts,
  };
}
