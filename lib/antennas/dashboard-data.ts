import "server-only";
import { asc, inArray, isNull } from "drizzle-orm";
import { decryptSecret, parseSecretKey } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { AdminScope } from "@/lib/policy";

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

/** Where a tier is read from, with its Basic credential when it has one. Never logged, never sent to a page. */
export type TierReader = { tierId: string; readUrl: string; credential: { username: string; password: string } | null };

/**
 * The read side of the given tiers. A stored password that cannot be opened (no or another VIGIE_SECRET_KEY)
 * leaves the tier without a credential: its instance then refuses the queries and the page says the metrics
 * are unavailable, rather than the page failing.
 */
export async function listTierReaders(db: Db, _admin: AdminScope, tierIds: readonly string[]): Promise<TierReader[]> {
  if (tierIds.length === 0) return [];
  const rows = await db
    .select({
      id: tiers.id,
      readUrl: tiers.readUrl,
      readUsername: tiers.readUsername,
      sealed: tiers.readPasswordSealed,
    })
    .from(tiers)
    .where(inArray(tiers.id, [...tierIds]))
    .orderBy(asc(tiers.id));
  return rows.map((row) => ({ tierId: row.id, readUrl: row.readUrl, credential: openCredential(row) }));
}

function openCredential(row: { id: string; readUsername: string | null; sealed: string | null }) {
  if (!row.readUsername || !row.sealed) return null;
  try {
    const key = parseSecretKey(env().VIGIE_SECRET_KEY);
    return { username: row.readUsername, password: decryptSecret(key, row.sealed, `tier:${row.id}`) };
  } catch {
    return null;
  }
}
