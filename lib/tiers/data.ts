import "server-only";
import { asc } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { targetKindTiers, tiers } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";

/** A tier as the admin page shows it: whether a read password is stored, never the password itself. */
export type TierSummary = {
  id: string;
  name: string;
  retention: string;
  writeUrl: string;
  readUrl: string;
  readUsername: string | null;
  hasReadPassword: boolean;
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
    })
    .from(tiers)
    .orderBy(asc(tiers.name), asc(tiers.id));
  return rows.map(({ sealed, ...tier }) => ({ ...tier, hasReadPassword: sealed !== null }));
}

/** The tier chosen for each target kind that has one. */
export async function listKindTiers(db: Db, _admin: AdminScope): Promise<{ kind: string; tierId: string }[]> {
  return db
    .select({ kind: targetKindTiers.kind, tierId: targetKindTiers.tierId })
    .from(targetKindTiers)
    .orderBy(asc(targetKindTiers.kind));
}
