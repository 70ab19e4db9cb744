import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * VACUUM ANALYZE of the whole database. PostgreSQL's autovacuum does this by itself; PGlite has no background
 * processes, so without it dead rows (every sent notification leaves one) would pile up and the planner would
 * keep guessing table sizes: it then scans `alert_states` whole on every intake instead of using its key.
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}
