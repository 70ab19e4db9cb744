import { and, isNull, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { infraIncidents } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { type AlertmanagerApi, listInfraAlerts } from "@/lib/monitoring/alertmanager-api";
import { recordInfraGroup } from "../infra/incidents";
import type { InfraPayload } from "../infra/payload";
import { createMissingTracker, listedOccurrenceKey } from "./missing-tracker";

/** `sweep` returns the number of incidents it ended. */
export type VanishedIncidentCloser = { sweep(now?: Date): Promise<number> };

type OpenIncident = Pick<typeof infraIncidents.$inferSelect, "componentId" | "fingerprint" | "startsAt">;

/**
 * Ends the incidents whose resolution Alertmanager gave up posting (its webhook deadline passed during a storm):
 * without this the members' banner would stay forever and they would never read "ended". An open incident whose
 * alert Alertmanager no longer lists is ended through `recordInfraGroup`, so the members are told once and a
 * resolution posted later finds nothing. The same precautions as for member alerts (vanished-alerts.ts): the
 * incident is `minAgeMs` old, and its alert missing from two sweeps at least `confirmAfterMs` apart.
 */
export function createVanishedIncidentCloser(options: {
  db: Db;
  alertmanager: AlertmanagerApi;
  minAgeMs?: number;
  confirmAfterMs?: number;
}): VanishedIncidentCloser {
  const minAgeMs = options.minAgeMs ?? 5 * 60_000;
  const missing = createMissingTracker(options.confirmAfterMs ?? 2 * 60_000);
  const keyOf = (incident: OpenIncident) => listedOccurrenceKey(incident.componentId, incident);

  return {
    async sweep(now = new Date()) {
      const open = await options.db
        .select({
          componentId: infraIncidents.componentId,
          fingerprint: infraIncidents.fingerprint,
          startsAt: infraIncidents.startsAt,
        })
        .from(infraIncidents)
        .where(and(isNull(infraIncidents.endedAt), lt(infraIncidents.createdAt, new Date(now.getTime() - minAgeMs))));
      // With nothing open there is nothing to ask Alertmanager about (and the tracker forgets everything).
      const alerts = open.length === 0 ? [] : await listInfraAlerts(options.alertmanager);
      const listed = new Set(alerts.map((alert) => listedOccurrenceKey(alert.labels.infra ?? "", alert)));
      const confirmed = missing.confirm(
        open.filter((incident) => !listed.has(keyOf(incident))),
        keyOf,
        now,
      );
      if (confirmed.length === 0) return 0;

      const result = await recordInfraGroup(options.db, resolutionOf(confirmed, now), now);
      log.info(
        { incidents: confirmed.length, ended: result.ended, queued: result.queued },
        "ended infra incidents Alertmanager no longer has",
      );
      return result.ended;
    },
  };
}

/**
 * Shaped as Alertmanager's infra route would have posted the resolutions. The start is the stored text, which
 * the end matches exactly; the alert name is not stored, and the intake does not read it.
 */
function resolutionOf(incidents: OpenIncident[], now: Date): InfraPayload {
  return {
    version: "4",
    status: "resolved",
    groupKey: "vigie-vanished-incidents",
    alerts: incidents.map((incident) => ({
      status: "resolved" as const,
      labels: { alertname: "VigieVanishedInfraAlert", infra: incident.componentId },
      startsAt: incident.startsAt,
      endsAt: now.toISOString(),
      fingerprint: incident.fingerprint,
    })),
  };
}
