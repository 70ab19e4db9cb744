import "server-only";
import { and, asc, desc, eq, gt, isNotNull, isNull, min } from "drizzle-orm";
import { antennaUsername, unsealPassword } from "@/lib/antennas/credentials";
import { SecretKeyError } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { antennas, members, silences, syncRuns, targetKindTiers, targets, tiers } from "@/lib/db/schema";
import { listInfraComponents } from "@/lib/infra/data";
import { defaultVpnServerOf, resolveDependency } from "@/lib/infra/dependencies";
import { log } from "@/lib/log";
import type { AdminScope } from "@/lib/policy";
import { tierServiceUsername, unsealTierServicePassword } from "@/lib/tiers/service-users";
import {
  buildSnapshot,
  type KindTiers,
  type MemberAlertSettings,
  type MonitoredTarget,
  type MonitoringSnapshot,
  victoriaMetricsBaseUrl,
} from "./snapshot";
import type { VmauthAntenna, VmauthInput, VmauthTier } from "./vmauth-model";

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
  return {
    ...buildSnapshot(monitored, settings, infra, await loadKindTiers(db)),
    antennaTiers: await listAntennaTierIds(db),
  };
}

/** The tier of each kind that has one: where its probes' series are sent and its rules evaluated. */
async function loadKindTiers(db: Db): Promise<KindTiers> {
  const rows = await db.select({ kind: targetKindTiers.kind, tierId: targetKindTiers.tierId }).from(targetKindTiers);
  return Object.fromEntries(rows.map(({ kind, tierId }) => [kind, tierId]));
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

/**
 * vmauth's users as of `now`: every tier that has its service users (with the VictoriaMetrics its writeUrl names),
 * and its non-revoked antennas with their current password and, while it is still valid, the previous
 * generation's. Null when no tier has service users or none opens: then Vigie writes no vmauth.yml. A row that
 * does not open with the key is left out and its id pushed to `unopened` (`tier <id>`, `antenna <id>`): one
 * damaged row must not keep every other change (a revocation) from vmauth, and the caller fails the run with them.
 */
export async function loadVmauthUsers(
  db: Db,
  secretKey: Buffer | undefined,
  now: Date,
  unopened: string[] = [],
): Promise<VmauthInput | null> {
  const tierRows = await db
    .select({
      id: tiers.id,
      name: tiers.name,
      writeUrl: tiers.writeUrl,
      writer: tiers.writerPasswordSealed,
      reader: tiers.readerPasswordSealed,
    })
    .from(tiers)
    .where(and(isNotNull(tiers.writerPasswordSealed), isNotNull(tiers.readerPasswordSealed)))
    .orderBy(asc(tiers.id));
  if (tierRows.length === 0) return null;
  if (!secretKey) throw new SecretKeyError("VIGIE_SECRET_KEY is not set: vmauth's users cannot be unsealed");
  const unsealed: VmauthTier[] = [];
  for (const row of tierRows) {
    try {
      unsealed.push({
        id: row.id,
        name: row.name,
        victoriaMetricsUrl: victoriaMetricsBaseUrl(row.writeUrl),
        writer: {
          username: tierServiceUsername("writer", row.id),
          password: unsealTierServicePassword(secretKey, "writer", row.id, row.writer!),
        },
        reader: {
          username: tierServiceUsername("reader", row.id),
          password: unsealTierServicePassword(secretKey, "reader", row.id, row.reader!),
        },
      });
    } catch (error) {
      unopened.push(`tier ${row.id}`);
      log.error({ tier: row.id, err: error }, "tier service users do not open: tier left out of vmauth");
    }
  }
  if (unsealed.length === 0) return null;
  const known = new Set(unsealed.map((tier) => tier.id));
  const antennaRows = await db
    .select({
      id: antennas.id,
      tierId: antennas.tierId,
      generation: antennas.generation,
      sealed: antennas.passwordSealed,
      previousSealed: antennas.previousPasswordSealed,
      previousValidUntil: antennas.previousValidUntil,
    })
    .from(antennas)
    .where(and(isNull(antennas.revokedAt), isNotNull(antennas.passwordSealed)))
    .orderBy(asc(antennas.id));
  const users: VmauthAntenna[] = [];
  for (const row of antennaRows) {
    if (!known.has(row.tierId)) continue;
    try {
      const password = unsealPassword(secretKey, row.id, row.sealed!);
      const previousValid =
        row.previousSealed && row.previousValidUntil && row.previousValidUntil > now && row.generation > 1;
      users.push({
        id: row.id,
        tierId: row.tierId,
        username: antennaUsername(row.id, row.generation),
        password,
        ...(previousValid
          ? {
              previous: {
                username: antennaUsername(row.id, row.generation - 1),
                password: unsealPassword(secretKey, row.id, row.previousSealed!),
                validUntil: row.previousValidUntil!,
              },
            }
          : {}),
      });
    } catch (error) {
      unopened.push(`antenna ${row.id}`);
      log.error({ antenna: row.id, err: error }, "antenna credential does not open: antenna left out of vmauth");
    }
  }
  return { tiers: unsealed, antennas: users, now };
}

/** When the next rotated credential's grace period ends (vmauth.yml must then be rendered without it), if any. */
export async function findNextCredentialExpiry(db: Db, now: Date): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(antennas.previousValidUntil) })
    .from(antennas)
    .where(
      and(isNull(antennas.revokedAt), isNotNull(antennas.previousPasswordSealed), gt(antennas.previousValidUntil, now)),
    );
  return row?.at ?? null;
}

/** Every tier's name by id, for a sync run's message about a tier (its name is an admin's label, not a person's). */
export async function loadTierNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: tiers.id, name: tiers.name }).from(tiers);
  return new Map(rows.map((row) => [row.id, row.name]));
}
