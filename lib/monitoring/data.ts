import { asc, desc } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { syncRuns, targets } from "@/lib/db/schema";
import { buildSnapshot, type MonitoringSnapshot } from "./snapshot";

/**
 * One query: ids, kinds and addresses of every target; members without targets are not monitored. A kind the
 * renderers do not know stops `buildSnapshot(rows)` from compiling.
 */
export async function loadMonitoringSnapshot(db: Db): Promise<MonitoringSnapshot> {
  const rows = await db
    .select({ id: targets.id, memberId: targets.memberId, kind: targets.kind, address: targets.address })
    .from(targets)
    .orderBy(asc(targets.memberId), asc(targets.id));
  return buildSnapshot(rows);
}

export type SyncRun = typeof syncRuns.$inferSelect;
export type NewSyncRun = Omit<typeof syncRuns.$inferInsert, "id">;

export async function recordSyncRun(db: Db, run: NewSyncRun): Promise<SyncRun> {
  const [row] = await db.insert(syncRuns).values(run).returning();
  if (!row) throw new Error("sync_run_insert_failed");
  return row;
}

/** Newest first, for the admin sync page. */
export async function listSyncRuns(db: Db, limit: number): Promise<SyncRun[]> {
  return db.select().from(syncRuns).orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(limit);
}

export async function findLastSyncRun(db: Db): Promise<SyncRun | undefined> {
  const [row] = await listSyncRuns(db, 1);
  return row;
}
