import { writeFileSync } from "node:fs";
import { renderAlertmanagerConfig } from "@/lib/monitoring/render-alertmanager";
import { buildSnapshot } from "@/lib/monitoring/snapshot";
import { fastTimings } from "@/lib/monitoring/timings";
import type { StormTarget } from "./database";
import { mapBounded } from "./matrix-rooms";

/** What `POST /api/v2/alerts` takes (what vmalert sends). */
export type PostableAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
};

/**
 * The portal's own alertmanager.yml for these targets (one route per member, grouped by member, alertname and
 * target) with the fast timings (group_interval overridable), so the pair routes as production does, only sooner.
 */
export function writeAlertmanagerConfig(
  file: string,
  targets: readonly StormTarget[],
  options: { url: string; token: string; groupInterval?: string },
): void {
  const snapshot = buildSnapshot(targets.map(({ id, memberId, kind, address }) => ({ id, memberId, kind, address })));
  // Alertmanager gives each webhook post max(group_interval, 10 s) before it cancels and retries it.
  const timings = { ...fastTimings, groupInterval: options.groupInterval ?? fastTimings.groupInterval };
  writeFileSync(
    file,
    renderAlertmanagerConfig(snapshot, { webhookUrl: options.url, webhookToken: options.token, timings }),
  );
}

/**
 * One firing alert per target, labelled as the blackbox rule labels it. `run` keeps each storm's alerts apart
 * (new fingerprints) while the groups (member, alertname, target) stay those the routes define.
 */
export function buildFiringAlerts(targets: readonly StormTarget[], run: string, now = new Date()): PostableAlert[] {
  // Far enough ahead that Alertmanager never resolves them on its own during the run.
  const endsAt = new Date(now.getTime() + 3_600_000).toISOString();
  return targets.map((target) => ({
    labels: {
      alertname: "BlackboxProbeFailed",
      member: target.memberId,
      target: target.id,
      kind: target.kind,
      severity: "critical",
      instance: target.address,
      job: "blackbox",
      run,
    },
    annotations: { summary: "Probe failed" },
    startsAt: now.toISOString(),
    endsAt,
  }));
}

export function resolveAlerts(alerts: readonly PostableAlert[], now = new Date()): PostableAlert[] {
  return alerts.map((alert) => ({ ...alert, endsAt: now.toISOString() }));
}

/** Posts `alerts` to every peer in batches, as vmalert does with a cluster (each peer gets each alert). */
export async function postAlerts(
  peerUrls: readonly string[],
  alerts: readonly PostableAlert[],
  batchSize = 1_000,
): Promise<void> {
  const batches: PostableAlert[][] = [];
  for (let first = 0; first < alerts.length; first += batchSize) batches.push(alerts.slice(first, first + batchSize));
  const posts = peerUrls.flatMap((url) => batches.map((batch) => ({ url, batch })));
  await mapBounded(posts, 4, async ({ url, batch }) => {
    const response = await fetch(`${url}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(batch),
      // Generous: under a storm Alertmanager's API answers slowly while it retries its own webhook posts.
      signal: AbortSignal.timeout(120_000),
    });
    if (!response.ok) throw new Error(`POST ${url}/api/v2/alerts: HTTP ${response.status} ${await response.text()}`);
  });
}

export type NotifyCounters = { attempted: number; failed: number };

/**
 * Webhook posts the peers attempted and those that failed (Alertmanager retries a failed post until the group's
 * deadline, at least 10 s), from their own metrics, summed over both peers.
 */
export async function readNotifyCounters(peerUrls: readonly string[]): Promise<NotifyCounters> {
  const totals = { attempted: 0, failed: 0 };
  for (const url of peerUrls) {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
    for (const line of text.split("\n")) {
      if (!line.includes('integration="webhook"')) continue;
      const value = Number(line.slice(line.lastIndexOf(" ") + 1));
      if (line.startsWith("alertmanager_notification_requests_total")) totals.attempted += value;
      if (line.startsWith("alertmanager_notification_requests_failed_total")) totals.failed += value;
    }
  }
  return totals;
}
