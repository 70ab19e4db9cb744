import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";

/**
 * An antenna as the admin page shows it. The sealed passwords and salt are never selected here: the page only
 * learns which generation is current and until when the previous one still works.
 */
export type AntennaSummary = {
  id: string;
  placeCode: string;
  tierId: string;
  tierName: string;
  notes: string;
  noClientHours: number;
  generation: number;
  previousValidUntil: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

export async function listAntennas(db: Db, _admin: AdminScope): Promise<AntennaSummary[]> {
  return db
    .select({
      id: antennas.id,
      placeCode: antennas.placeCode,
      tierId: antennas.tierId,
      tierName: tiers.name,
      notes: antennas.notes,
      noClientHours: antennas.noClientHours,
      generation: antennas.generation,
      previousValidUntil: antennas.previousValidUntil,
      revokedAt: antennas.revokedAt,
      createdAt: antennas.createdAt,
    })
    .from(antennas)
    .innerJoin(tiers, eq(tiers.id, antennas.tierId))
    .orderBy(asc(antennas.placeCode));
}
