import "server-only";
import { asc, eq, exists, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { antennas, targetKindTiers, tiers } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";

/**
 * A tier as the admin page shows it: whether a read password is stored, never the password itself; and what it
 * holds, since a tier holds target kinds or antennas (revoked ones included), never both.
 */
export type TierSummary = {
  id: string;
  name: string;
  retention: string;
  writeUrl: string;
  readUrl: string;
  readUsername: string | null;
  hasReadPassword: boolean;
  /** Whether the portal generated its vmauth users (`vmagent-<id>`, `reader-<id>`): it needs VIGIE_SECRET_KEY. */
  hasServiceUsers: boolean;
  holdsKinds: boolean;
  holdsAntennas: boolean;
};

export async function listTiers(db: Db, _admin: AdminScope): Promise<TierSummary[]> {
  const rows = await db
    .select({
      id: tiers.id,
      name: tiers.name,
      retention: tiers.retention,
      writeUrl: tiers.writeUrl,
      readUrl: tiers.readUrl,
      readUsername: tiers.readUsername,
      sealed: tiers.readPasswordSealed,
      writerSealed: tiers.writerPasswordSealed,
      readerSealed: tiers.readerPasswordSealed,
      holdsKinds: exists(
        db.select({ one: sql`1` }).from(targetKindTiers).where(eq(targetKindTiers.tierId, tiers.id)),
      ).mapWith(Boolean),
      holdsAntennas: exists(db.select({ one: sql`1` }).from(antennas).where(eq(antennas.tierId, tiers.id))).mapWith(
        Boolean,
      ),
    })
    .from(tiers)
    .orderBy(asc(tiers.name), asc(tiers.id));
  return rows.map(({ sealed, writerSealed, readerSealed, ...tier }) => ({
    ...tier,
    hasReadPassword: sealed !== null,
    hasServiceUsers: writerSealed !== null && readerSealed !== null,
  }));
}

/** The tier chosen for each target kind that has one. */
export async function listKindTiers(db: Db, _admin: AdminScope): Promise<{ kind: string; tierId: string }[]> {
  return db
    .select({ kind: targetKindTiers.kind, tierId: targetKindTiers.tierId })
    .from(targetKindTiers)
    .orderBy(asc(targetKindTiers.kind));
}
