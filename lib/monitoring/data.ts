import "server-only";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { antennas, members, silences, syncRuns, targets } from "@/lib/db/schema";
import { listInfraComponents } from "@/lib/infra/data";
import { defaultVpnServerOf, resolveDependency } from "@/lib/infra/dependencies";
import type { AdminScope } from "@/lib/policy";
import { buildSnapshot, type MemberAlertSettings, type MonitoredTarget, type MonitoringSnapshot } from "./snapshot";

/**
 * Approved, unpaused targets (ids, kinds, addresses, the component they depend on) and their members' alert
 * settings, and the infrastructure components; members without such a target are not monitored.
 */
export async function loadMonitoringSnapshot(db: Db): Promise<MonitoringSnapshot> {
  const rows = await db
    .select({
      id: targets.id,
      memberId: targets.memberId,
      kind: targets.kind,
      address: targets.address,
      dependsOn: targets.dependsOn,
      repeatInterval: members.repeatInterval,
      quietHours: members.quietHours,
    })
    .from(targets)
    .innerJoin(members, eq(members.id, targets.memberId))
    .where(and(eq(targets.status, "active"), eq(targets.paused, false)))
    .orderBy(asc(targets.memberId), asc(targets.id));
  const weekly = await db
    .select({ memberId: silences.memberId, targetId: silences.targetId, window: silences.weekly })
    .from(silences)
    .where(and(eq(silences.kind, "weekly"), isNull(silences.expiredAt)))
    .orderBy(asc(silences.memberId), asc(silences.id));
  const settings = new Map<string, MemberAlertSettings>();
  for (const row of rows) {
    settings.set(row.memberId, { repeatInterval: row.repeatInterval, quietHours: row.quietHours, weeklySilences: [] });
  }
  for (const silence of weekly) {
    if (silence.window)
      settings.get(silence.memberId)?.weeklySilences.push({ targetId: silence.targetId, window: silence.window });
  }
  const components = await listInfraComponents(db);
  const defaultVpnServer = defaultVpnServerOf(components);
  const monitored = rows.map(({ id, memberId, kind, address, dependsOn }): MonitoredTarget => {
    const component = resolveDependency({ kind, dependsOn }, defaultVpnServer);
    return component ? { id, memberId, kind, address, dependsOn: component } : { id, memberId, kind, address };
  });
  const infra = components.map(({ id, kind, address }) => ({ id, kind, address }));
  return { ...buildSnapshot(monitored, settings, infra), antennaTiers: await listAntennaTierIds(db) };
}

/** Tiers that hold at least one antenna not revoked: each gets the antenna rules. */
async function listAntennaTierIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tierId: antennas.tierId })
    .from(antennas)
    .where(isNull(antennas.revokedAt))
    .orderBy(asc(antennas.tierId));
  return rows.map((row) => row.tierId);
}

export type SyncRun = typeof syncRuns.$inferSelect;
export type NewSyncRun = Omit<typeof syncRuns.$inferInsert, "id">;

export async function recordSyncRun(db: Db, run: NewSyncRun): Promise<SyncRun> {
  const [row] = await db.insert(syncRuns).values(run).returning();
  if (!row) throw new Error("sync_run_insert_failed");
  return row;
}

function newestSyncRuns(db: Db, limit: number): Promise<SyncRun[]> {
  return db.select().from(syncRuns).orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(limit);
}

/** Newest first, for the admin sync page. */
export function listSyncRuns(db: Db, _admin: AdminScope, limit: number): Promise<SyncRun[]> {
  return newestSyncRuns(db, limit);
}

/** The worker's own look at its last run (was it a failure to retry?). */
export async function findLastSyncRun(db: Db): Promise<SyncRun | undefined> {
  const [row] = await newestSyncRuns(db, 1);
  return row;
}
