import { count, inArray, max, sql } from "drizzle-orm";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Db } from "@/lib/db/client";
import { notifications, syncRuns } from "@/lib/db/schema";
import { log } from "@/lib/log";

type Snapshot = {
  outbox: { pending: number; dead: number; oldestPendingAgeSeconds: number };
  syncRuns: { result: "applied" | "unchanged" | "failed"; runs: number; lastFinishedAt: Date | null }[];
};

const outboxStates = ["pending", "dead"] as const;
const syncResults = ["applied", "unchanged", "failed"] as const;

/** Reads what the gauges show. Ages use the database's clock, the one that stamped `created_at`. */
export async function readMetricsSnapshot(db: Db): Promise<Snapshot> {
  const [outboxRows, syncRows] = await Promise.all([
    db
      .select({
        state: notifications.deliveryState,
        rows: count(),
        oldestAgeSeconds: sql<string | null>`extract(epoch from now() - min(${notifications.createdAt}))`,
      })
      .from(notifications)
      .where(inArray(notifications.deliveryState, [...outboxStates]))
      .groupBy(notifications.deliveryState),
    db
      .select({ result: syncRuns.result, runs: count(), lastFinishedAt: max(syncRuns.finishedAt) })
      .from(syncRuns)
      .groupBy(syncRuns.result),
  ]);
  const pending = outboxRows.find((row) => row.state === "pending");
  return {
    outbox: {
      pending: pending?.rows ?? 0,
      dead: outboxRows.find((row) => row.state === "dead")?.rows ?? 0,
      oldestPendingAgeSeconds: Math.max(0, Number(pending?.oldestAgeSeconds ?? 0)),
    },
    syncRuns: syncRows,
  };
}

/**
 * Gauges computed from the database at scrape time, so they are right whichever process delivers or applies.
 * Every gauge's collect() shares one in-flight snapshot: a scrape costs two queries, not one per gauge.
 */
export function registerDatabaseGauges(registry: Registry, readDb: () => Promise<Db>): void {
  let inFlight: Promise<Snapshot | undefined> | undefined;
  const snapshot = () => {
    inFlight ??= readDb()
      .then(readMetricsSnapshot)
      .catch((error: unknown) => {
        log.warn({ err: error }, "metrics: database gauges unavailable");
        return undefined;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  new Gauge({
    name: "vigie_database_up",
    help: "1 when the database answered this scrape's queries, 0 when the database-derived metrics are missing.",
    registers: [registry],
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "vigie_outbox_notifications",
    help: "Notifications in the outbox by state: pending (not yet sent) and dead (given up on).",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const outbox = (await snapshot())?.outbox;
      if (!outbox) return;
      for (const state of outboxStates) this.set({ state }, outbox[state]);
    },
  });
  new Gauge({
    name: "vigie_outbox_oldest_pending_age_seconds",
    help: "Age in seconds of the oldest pending notification (0 when none is pending).",
    registers: [registry],
    async collect() {
      this.reset();
      const outbox = (await snapshot())?.outbox;
      if (outbox) this.set(outbox.oldestPendingAgeSeconds);
    },
  });
  // sync_runs only grows, so the row count is a counter: increase() over it tells failures per hour.
  new Counter({
    name: "vigie_monitoring_sync_runs_total",
    help: "Monitoring configuration sync runs recorded in the database, by result (applied, unchanged, failed).",
    labelNames: ["result"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const runs = (await snapshot())?.syncRuns;
      if (!runs) return;
      for (const result of syncResults) this.inc({ result }, runs.find((row) => row.result === result)?.runs ?? 0);
    },
  });
  new Gauge({
    name: "vigie_monitoring_sync_last_run_timestamp_seconds",
    help: "Unix time the latest monitoring sync run of each result finished (applied and unchanged are successes).",
    labelNames: ["result"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await snapshot())?.syncRuns ?? []) {
        if (row.lastFinishedAt) this.set({ result: row.result }, new Date(row.lastFinishedAt).getTime() / 1000);
      }
    },
  });
}
