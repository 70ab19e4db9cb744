import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/lib/db/client";
import { infraComponents, infraIncidents, members, notifications, targets } from "@/lib/db/schema";
import { ownedBy } from "@/lib/policy";
import { defaultVpnServerOf, dependencyKindOf, resolveDependency, type ComponentKind } from "./dependencies";

/** A database or a transaction on it: incident intake reads affected targets inside its transaction. */
export type { Queryable };

export type InfraComponent = { id: string; kind: ComponentKind; name: string; address: string };

export function listInfraComponents(db: Queryable): Promise<InfraComponent[]> {
  return db
    .select({ id: infraComponents.id, kind: infraComponents.kind, name: infraComponents.name, address: infraComponents.address })
    .from(infraComponents)
    .orderBy(asc(infraComponents.kind), asc(infraComponents.name), asc(infraComponents.id));
}

const dependentKinds = Object.keys(dependencyKindOf) as (keyof typeof dependencyKindOf)[];

/** Targets that may sit behind a component (VPS, bricks, VPN links), approved or waiting, for the admin page. */
export function listDependentTargets(db: Db) {
  return db
    .select({
      id: targets.id,
      kind: targets.kind,
      label: targets.label,
      address: targets.address,
      status: targets.status,
      dependsOn: targets.dependsOn,
      memberId: targets.memberId,
      memberName: members.displayName,
    })
    .from(targets)
    .innerJoin(members, eq(members.id, targets.memberId))
    .where(and(inArray(targets.kind, dependentKinds), inArray(targets.status, ["active", "pending"])))
    .orderBy(asc(targets.kind), asc(targets.memberId), asc(targets.id));
}

/**
 * The monitored targets (approved, not paused) whose alerts the component's outage inhibits, by member: the same
 * resolution the monitoring labels use, so whoever Alertmanager silences is who the relay tells.
 */
export async function findAffectedTargets(db: Queryable, componentId: string): Promise<Map<string, string[]>> {
  const components = await listInfraComponents(db);
  const defaultVpnServer = defaultVpnServerOf(components);
  const rows = await db
    .select({ id: targets.id, memberId: targets.memberId, kind: targets.kind, dependsOn: targets.dependsOn })
    .from(targets)
    .where(and(eq(targets.status, "active"), eq(targets.paused, false), inArray(targets.kind, dependentKinds)))
    .orderBy(asc(targets.memberId), asc(targets.id));
  const affected = new Map<string, string[]>();
  for (const row of rows) {
    if (resolveDependency(row, defaultVpnServer) !== componentId) continue;
    affected.set(row.memberId, [...(affected.get(row.memberId) ?? []), row.id]);
  }
  return affected;
}

const startedNotices = (incidentId: string) =>
  and(eq(notifications.groupKey, `infra:${incidentId}`), sql`${notifications.notice}->>'type' = 'infra_started'`);

/** The members told an incident started, with the targets they were told about: who hears its end and notes. */
export async function listMembersTold(db: Queryable, incidentId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ memberId: notifications.memberId, notice: notifications.notice })
    .from(notifications)
    .where(startedNotices(incidentId))
    .orderBy(asc(notifications.memberId));
  const told = new Map<string, string[]>();
  for (const row of rows) {
    if (row.notice && "targetIds" in row.notice) told.set(row.memberId, row.notice.targetIds);
  }
  return told;
}

export type IncidentSummary = {
  id: string;
  componentName: string;
  componentKind: ComponentKind;
  startedAt: Date;
  endedAt: Date | null;
  membersTold: number;
};

/** Open incidents first, then the most recent ended ones. */
export function listRecentIncidents(db: Db, limit: number): Promise<IncidentSummary[]> {
  const told = sql<number>`(select count(distinct n.member_id)::int from ${notifications} n
    where n.group_key = 'infra:' || ${infraIncidents.id} and n.notice->>'type' = 'infra_started')`;
  return db
    .select({
      id: infraIncidents.id,
      componentName: infraComponents.name,
      componentKind: infraComponents.kind,
      startedAt: infraIncidents.startedAt,
      endedAt: infraIncidents.endedAt,
      membersTold: told,
    })
    .from(infraIncidents)
    .innerJoin(infraComponents, eq(infraComponents.id, infraIncidents.componentId))
    .orderBy(sql`${infraIncidents.endedAt} is null desc`, desc(infraIncidents.startedAt))
    .limit(limit);
}

/** Open incidents of the components the member's monitored targets depend on, for the dashboard banner. */
export async function listOpenIncidentsForMember(db: Db, memberId: string) {
  const defaultVpnServer = defaultVpnServerOf(await listInfraComponents(db));
  const own = await db
    .select({ kind: targets.kind, dependsOn: targets.dependsOn })
    .from(targets)
    .where(and(ownedBy(targets, memberId), eq(targets.status, "active"), eq(targets.paused, false)));
  const componentIds = [...new Set(own.flatMap((target) => resolveDependency(target, defaultVpnServer) ?? []))];
  if (componentIds.length === 0) return [];
  return db
    .select({ id: infraIncidents.id, componentName: infraComponents.name, componentKind: infraComponents.kind, startedAt: infraIncidents.startedAt })
    .from(infraIncidents)
    .innerJoin(infraComponents, eq(infraComponents.id, infraIncidents.componentId))
    .where(and(isNull(infraIncidents.endedAt), inArray(infraIncidents.componentId, componentIds)))
    .orderBy(asc(infraIncidents.startedAt));
}
