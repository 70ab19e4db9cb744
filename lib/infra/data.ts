import "server-only";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/lib/db/client";
import { infraComponents, infraIncidents, members, notifications, targets } from "@/lib/db/schema";
import { type AdminScope, ownedBy } from "@/lib/policy";
import { type ComponentKind, defaultVpnServerOf, dependencyKindOf, resolveDependency } from "./dependencies";

export type InfraComponent = { id: string; kind: ComponentKind; name: string; address: string };

export function listInfraComponents(db: Queryable): Promise<InfraComponent[]> {
  return db
    .select({
      id: infraComponents.id,
      kind: infraComponents.kind,
      name: infraComponents.name,
      address: infraComponents.address,
    })
    .from(infraComponents)
    .orderBy(asc(infraComponents.kind), asc(infraComponents.name), asc(infraComponents.id));
}

export const dependentKinds = Object.keys(dependencyKindOf) as (keyof typeof dependencyKindOf)[];

/** Targets that may sit behind a component (VPS, bricks, VPN links), approved or waiting, for the admin page. */
export function listDependentTargets(db: Db, _admin: AdminScope) {
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

export type IncidentSummary = {
  id: string;
  componentName: string;
  componentKind: ComponentKind;
  startedAt: Date;
  endedAt: Date | null;
  membersTold: number;
};

/** Open incidents first, then the most recent ended ones. */
export function listRecentIncidents(db: Db, _admin: AdminScope, limit: number): Promise<IncidentSummary[]> {
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
    .select({
      id: infraIncidents.id,
      componentName: infraComponents.name,
      componentKind: infraComponents.kind,
      startedAt: infraIncidents.startedAt,
    })
    .from(infraIncidents)
    .innerJoin(infraComponents, eq(infraComponents.id, infraIncidents.componentId))
    .where(and(isNull(infraIncidents.endedAt), inArray(infraIncidents.componentId, componentIds)))
    .orderBy(asc(infraIncidents.startedAt));
}
