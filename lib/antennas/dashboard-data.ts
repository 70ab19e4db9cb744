import "server-only";
import { asc, inArray, isNull } from "drizzle-orm";
import { tierReadColumns } from "@/lib/dashboard/tier-sources";
import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { AdminScope } from "@/lib/policy";
import { openTierReadCredential, type TierReadAccess } from "@/lib/tiers/read-credential";

/** An antenna as its dashboard names it: the place code is a code, chosen to identify nobody. */
export type DashboardAntenna = { id: string; placeCode: string; tierId: string };

/** Antennas not revoked, by place code. */
export function listDashboardAntennas(db: Db, _admin: AdminScope): Promise<DashboardAntenna[]> {
  return db
    .select({ id: antennas.id, placeCode: antennas.placeCode, tierId: antennas.tierId })
    .from(antennas)
    .where(isNull(antennas.revokedAt))
    .orderBy(asc(antennas.placeCode), asc(antennas.id));
}

/** Where a tier is read from, with what reading it takes. Never logged, never sent to a page. */
export type TierReader = { tierId: string; readUrl: string; access: TierReadAccess };

/**
 * The read side of the given tiers. A stored password that cannot be opened (no or another VIGIE_SECRET_KEY, a
 * damaged row) leaves the tier "unreadable": the page says its metrics are unavailable, rather than failing.
 */
export async function listTierReaders(db: Db, _admin: AdminScope, tierIds: readonly string[]): Promise<TierReader[]> {
  if (tierIds.length === 0) return [];
  const rows = await db
    .select(tierReadColumns)
    .from(tiers)
    .where(inArray(tiers.id, [...tierIds]))
    .orderBy(asc(tiers.id));
  const secret = env().VIGIE_SECRET_KEY;
  return rows.map((row) => ({
    tierId: row.id,
    readUrl: row.readUrl,
    access: openTierReadCredential(row, secret, env().VMAUTH_URL),
  }));
}
