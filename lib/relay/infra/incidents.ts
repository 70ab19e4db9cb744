import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { infraComponents, infraIncidents, type Notice } from "@/lib/db/schema";
import { findAffectedTargets, listMembersTold, type InfraComponent, type Queryable } from "@/lib/infra/data";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { enqueueInfraNotices } from "./notices";
import type { InfraAlert, InfraPayload } from "./payload";

export type InfraGroupResult = { opened: number; ended: number; queued: number; unknownComponents: number };

// Go's zero time: a firing alert's endsAt, meaningless as an end.
const goZeroYear = "0001-";

/**
 * Applies one infra group Alertmanager posted. Each alert occurrence (component, fingerprint, startsAt) opens
 * one incident and ends it once, whatever is posted again or at the same time by clustered peers: the unique
 * occurrence index and the conditional end decide, inside the transaction that queues the members' messages.
 */
export async function recordInfraGroup(db: Db, payload: InfraPayload, now: Date = new Date()): Promise<InfraGroupResult> {
  const result: InfraGroupResult = { opened: 0, ended: 0, queued: 0, unknownComponents: 0 };
  for (const alert of payload.alerts) {
    const [component] = await db
      .select({ id: infraComponents.id, kind: infraComponents.kind, name: infraComponents.name, address: infraComponents.address })
      .from(infraComponents)
      .where(eq(infraComponents.id, alert.labels.infra!));
    if (!component) {
      // Deleted since the rules were written; retrying would not help, so it is acknowledged and logged.
      log.warn({ infra: alert.labels.infra, alertname: alert.labels.alertname }, "infra alert for an unknown component");
      result.unknownComponents += 1;
      continue;
    }
    const queued = alert.status === "firing" ? await openIncident(db, component, alert) : await endIncident(db, component, alert, now);
    if (queued === null) continue;
    result[alert.status === "firing" ? "opened" : "ended"] += 1;
    result.queued += queued;
  }
  return result;
}

const occurrence = (component: InfraComponent, alert: InfraAlert) => ({
  componentId: component.id,
  fingerprint: alert.fingerprint,
  startsAt: alert.startsAt,
  startedAt: new Date(alert.startsAt),
});

/** Returns the rows queued, or null when the occurrence was already known. */
function openIncident(db: Db, component: InfraComponent, alert: InfraAlert): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(infraIncidents)
      .values({ id: newId("x"), ...occurrence(component, alert) })
      .onConflictDoNothing()
      .returning({ id: infraIncidents.id });
    if (!created) return null;
    const affected = await findAffectedTargets(tx, component.id);
    const notices = new Map<string, Notice>(
      [...affected].map(([memberId, targetIds]) => [
        memberId,
        { type: "infra_started", incidentId: created.id, componentKind: component.kind, componentName: component.name, targetIds },
      ]),
    );
    log.info({ incidentId: created.id, component: component.id, members: notices.size }, "infra incident started");
    return enqueueInfraNotices(tx, { incidentId: created.id, messageKey: "started", notices });
  });
}

function endIncident(db: Db, component: InfraComponent, alert: InfraAlert, now: Date): Promise<number | null> {
  const endedAt = alert.endsAt.startsWith(goZeroYear) ? now : new Date(alert.endsAt);
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .update(infraIncidents)
      .set({ endedAt })
      .where(
        and(
          eq(infraIncidents.componentId, component.id),
          eq(infraIncidents.fingerprint, alert.fingerprint),
          eq(infraIncidents.startsAt, alert.startsAt),
          isNull(infraIncidents.endedAt),
        ),
      )
      .returning({ id: infraIncidents.id });
    if (!ended) {
      // Never seen firing (or already ended): recorded as over, so a peer's late "firing" cannot open it.
      await tx.insert(infraIncidents).values({ id: newId("x"), ...occurrence(component, alert), endedAt }).onConflictDoNothing();
      return null;
    }
    const notices = await endedNotices(tx, ended.id, component);
    log.info({ incidentId: ended.id, component: component.id, members: notices.size }, "infra incident ended");
    return enqueueInfraNotices(tx, { incidentId: ended.id, messageKey: "ended", notices });
  });
}

/** The end goes to the members told about the start, about the same targets. */
async function endedNotices(db: Queryable, incidentId: string, component: InfraComponent): Promise<Map<string, Notice>> {
  const told = await listMembersTold(db, incidentId);
  return new Map<string, Notice>(
    [...told].map(([memberId, targetIds]) => [
      memberId,
      { type: "infra_ended", incidentId, componentKind: component.kind, componentName: component.name, targetIds },
    ]),
  );
}
