import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db, Queryable } from "@/lib/db/client";
import { infraComponents, infraIncidents, type Notice } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { InfraComponent } from "@/lib/infra/data";
import { log } from "@/lib/log";
import { enqueueInfraNotices } from "./notices";
import type { InfraAlert, InfraPayload } from "./payload";
import { findAffectedTargets, listMembersTold } from "./recipients";

export type InfraGroupResult = { opened: number; ended: number; queued: number; unknownComponents: number };

// Go's zero time: a firing alert's endsAt, meaningless as an end.
const goZeroYear = "0001-";

/**
 * Applies one infra group Alertmanager posted. Each alert occurrence (component, fingerprint, startsAt) opens
 * one incident and ends it once, whatever is posted again or at the same time by clustered peers: the unique
 * occurrence index and the conditional end decide, inside the transaction that queues the members' messages.
 */
export async function recordInfraGroup(
  db: Db,
  payload: InfraPayload,
  now: Date = new Date(),
): Promise<InfraGroupResult> {
  const result: InfraGroupResult = { opened: 0, ended: 0, queued: 0, unknownComponents: 0 };
  for (const alert of payload.alerts) {
    const [component] = await db
      .select({
        id: infraComponents.id,
        kind: infraComponents.kind,
        name: infraComponents.name,
        address: infraComponents.address,
      })
      .from(infraComponents)
      .where(eq(infraComponents.id, alert.labels.infra!));
    if (!component) {
      // Deleted since the rules were written; retrying would not help, so it is acknowledged and logged.
      log.warn(
        { infra: alert.labels.infra, alertname: alert.labels.alertname },
        "infra alert for an unknown component",
      );
      result.unknownComponents += 1;
      continue;
    }
    const applied =
      alert.status === "firing"
        ? await openIncident(db, component, alert)
        : await endIncident(db, component, alert, now);
    result.opened += applied.opened;
    result.ended += applied.ended;
    result.queued += applied.queued;
  }
  return result;
}

type Applied = Pick<InfraGroupResult, "opened" | "ended" | "queued">;
const nothing: Applied = { opened: 0, ended: 0, queued: 0 };

const occurrence = (component: InfraComponent, alert: InfraAlert) => ({
  componentId: component.id,
  fingerprint: alert.fingerprint,
  startsAt: alert.startsAt,
  startedAt: new Date(alert.startsAt),
});

/**
 * Opens the occurrence unless it is known. A component raises one alert, so an older incident of it still open
 * lost its resolution: it is ended, at this start at the latest, and its members are told so as well as that
 * it started again (two groups, so the outbox does not promise which message comes first). A firing older than the open incident is a stale post and is recorded as over.
 */
function openIncident(db: Db, component: InfraComponent, alert: InfraAlert): Promise<Applied> {
  const started = occurrence(component, alert);
  const ofComponent = and(eq(infraIncidents.componentId, component.id), isNull(infraIncidents.endedAt));
  return db.transaction(async (tx) => {
    const [newer] = await tx
      .select({ startedAt: infraIncidents.startedAt })
      .from(infraIncidents)
      .where(and(ofComponent, gt(infraIncidents.startedAt, started.startedAt)))
      .limit(1);
    if (newer) {
      await tx
        .insert(infraIncidents)
        .values({ id: newId("x"), ...started, endedAt: newer.startedAt })
        .onConflictDoNothing();
      return nothing;
    }
    const [created] = await tx
      .insert(infraIncidents)
      .values({ id: newId("x"), ...started })
      .onConflictDoNothing()
      .returning({ id: infraIncidents.id });
    if (!created) return nothing;
    const superseded = await tx
      .update(infraIncidents)
      .set({ endedAt: started.startedAt })
      .where(and(ofComponent, lt(infraIncidents.startedAt, started.startedAt)))
      .returning({ id: infraIncidents.id });
    let queued = 0;
    for (const old of superseded) queued += await tellEnded(tx, old.id, component, "superseded");
    const affected = await findAffectedTargets(tx, component.id);
    const notices = new Map<string, Notice>(
      [...affected].map(([memberId, targetIds]) => [
        memberId,
        {
          type: "infra_started",
          incidentId: created.id,
          componentKind: component.kind,
          componentName: component.name,
          targetIds,
        },
      ]),
    );
    log.info({ incidentId: created.id, component: component.id, members: notices.size }, "infra incident started");
    queued += await enqueueInfraNotices(tx, { incidentId: created.id, messageKey: "started", notices });
    return { opened: 1, ended: superseded.length, queued };
  });
}

function endIncident(db: Db, component: InfraComponent, alert: InfraAlert, now: Date): Promise<Applied> {
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
      await tx
        .insert(infraIncidents)
        .values({ id: newId("x"), ...occurrence(component, alert), endedAt })
        .onConflictDoNothing();
      return nothing;
    }
    return { opened: 0, ended: 1, queued: await tellEnded(tx, ended.id, component, "resolution") };
  });
}

/** Queues the end of an incident the caller has just ended, for the members told about its start. */
async function tellEnded(
  db: Queryable,
  incidentId: string,
  component: InfraComponent,
  cause: "resolution" | "superseded",
): Promise<number> {
  const notices = await endedNotices(db, incidentId, component);
  log.info({ incidentId, component: component.id, members: notices.size, cause }, "infra incident ended");
  return enqueueInfraNotices(db, { incidentId, messageKey: "ended", notices });
}

/** The end goes to the members told about the start, about the same targets. */
async function endedNotices(
  db: Queryable,
  incidentId: string,
  component: InfraComponent,
): Promise<Map<string, Notice>> {
  const told = await listMembersTold(db, incidentId);
  return new Map<string, Notice>(
    [...told].map(([memberId, targetIds]) => [
      memberId,
      { type: "infra_ended", incidentId, componentKind: component.kind, componentName: component.name, targetIds },
    ]),
  );
}
