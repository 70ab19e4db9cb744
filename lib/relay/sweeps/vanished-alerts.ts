import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { alertStates } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { type AlertmanagerApi, listAllMemberAlerts } from "@/lib/monitoring/alertmanager-api";
import { recordAlertGroup } from "../intake/record-alert-groups";
import type { WebhookPayload } from "../intake/webhook-payload";
import { createMissingTracker, listedOccurrenceKey } from "./missing-tracker";

export type VanishedAlertCloser = { sweep(now?: Date): Promise<number> };

/**
 * Closes what the relay opened when Alertmanager will never send the resolution: it drops resolved notifications
 * of inhibited alerts (alertmanager#2754), and never resolves a group whose firing post it gave up on (its deadline
 * passed) even though the relay had stored it. An alert the member was told is firing, and that Alertmanager no
 * longer lists, is resolved here, through the same intake, so a resolution Alertmanager does send later finds
 * nothing new. Two precautions against closing a live alert: an occurrence must be `minAgeMs` old (every peer
 * has it by then), and missing from two sweeps at least `confirmAfterMs` apart (a restarted Alertmanager gets its
 * alerts back from vmalert within one evaluation).
 */
export function createVanishedAlertCloser(options: {
  db: Db;
  alertmanager: AlertmanagerApi;
  minAgeMs?: number;
  confirmAfterMs?: number;
}): VanishedAlertCloser {
  const minAgeMs = options.minAgeMs ?? 5 * 60_000;
  const missing = createMissingTracker(options.confirmAfterMs ?? 2 * 60_000);

  return {
    async sweep(now = new Date()) {
      const open = await options.db
        .select()
        .from(alertStates)
        .where(and(eq(alertStates.status, "firing"), lt(alertStates.createdAt, new Date(now.getTime() - minAgeMs))));
      // With nothing open there is nothing to ask Alertmanager about (and the tracker forgets everything).
      const alerts = open.length === 0 ? [] : await listAllMemberAlerts(options.alertmanager);
      const listed = new Set(alerts.map((alert) => listedOccurrenceKey(alert.labels.member ?? "", alert)));
      const keyOf = (state: (typeof open)[number]) => listedOccurrenceKey(state.memberId, state);
      const confirmed = missing.confirm(
        open.filter((state) => !listed.has(keyOf(state))),
        keyOf,
        now,
      );

      let stored = 0;
      for (const payload of resolutionsOf(confirmed, now)) stored += await recordAlertGroup(options.db, payload, now);
      if (confirmed.length > 0)
        log.info({ alerts: confirmed.length, stored }, "closed alerts Alertmanager no longer has");
      return stored;
    },
  };
}

/** One resolved group per member and group, shaped as Alertmanager would have posted it. */
function resolutionsOf(states: (typeof alertStates.$inferSelect)[], now: Date): WebhookPayload[] {
  const groups = new Map<string, typeof states>();
  for (const state of states) {
    const key = JSON.stringify([state.memberId, state.groupKey]);
    groups.set(key, [...(groups.get(key) ?? []), state]);
  }
  return [...groups.values()].map((group) => {
    const memberId = group[0]!.memberId;
    return {
      version: "4",
      status: "resolved",
      receiver: "vigie-vanished-alerts",
      groupKey: group[0]!.groupKey,
      truncatedAlerts: 0,
      groupLabels: { member: memberId },
      commonLabels: { member: memberId },
      commonAnnotations: {},
      externalURL: "",
      alerts: group.map((state) => ({
        status: "resolved" as const,
        labels: { alertname: state.alertname, member: memberId, ...(state.targetId ? { target: state.targetId } : {}) },
        annotations: {},
        startsAt: state.startsAt,
        endsAt: now.toISOString(),
        generatorURL: "",
        fingerprint: state.fingerprint,
      })),
    };
  });
}
