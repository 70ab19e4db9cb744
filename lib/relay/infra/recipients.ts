import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { notifications, targets } from "@/lib/db/schema";
import { dependentKinds, listInfraComponents } from "@/lib/infra/data";
import { defaultVpnServerOf, resolveDependency } from "@/lib/infra/dependencies";

// Who the relay tells about an incident: read from what admins declared (lib/infra) and what was already told.

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
