import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";

/**
 * Rows as the antennas page would leave them, written directly: the alert and dashboard tests need antennas and
 * tiers, not the forms that make them. The sealed columns hold placeholders these tests never open.
 */
export async function insertTier(
  db: Db,
  tier: { id: string; readUrl: string; readUsername?: string; readPasswordSealed?: string },
): Promise<void> {
  await db.insert(tiers).values({
    id: tier.id,
    name: `tier ${tier.id}`,
    retention: "1y",
    writeUrl: tier.readUrl,
    readUrl: tier.readUrl,
    readUsername: tier.readUsername ?? null,
    readPasswordSealed: tier.readPasswordSealed ?? null,
  });
}

export async function insertAntenna(
  db: Db,
  antenna: { id: string; tierId: string; noClientHours?: number; revoked?: boolean; placeCode?: string },
): Promise<void> {
  await db.insert(antennas).values({
    id: antenna.id,
    placeCode: antenna.placeCode ?? `PLACE-${antenna.id}`,
    tierId: antenna.tierId,
    notes: "",
    noClientHours: antenna.noClientHours ?? 12,
    passwordSealed: antenna.revoked ? null : "sealed-placeholder",
    saltSealed: "sealed-placeholder",
    revokedAt: antenna.revoked ? new Date() : null,
  });
}
