import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { targetKindTiers, tiers } from "@/lib/db/schema";
import { type DefaultTierKey, defaultTiers } from "./default-tiers";
import { newTierServicePasswords } from "./service-users";

export { type DefaultTierKey, defaultTiers };

/**
 * Where a default tier's instance runs: its id (made before its instance starts), its URL (vmauth forwards there)
 * and where the portal and vmalert read it (vmauth, as the tier's `reader-<id>`).
 */
export type TierPlacement = { id: string; url: string; readUrl: string };
/** A tier the dev environment adds to the notes' (the e2e hub's second antenna tier), holding nothing yet. */
export type ExtraTierPlacement = TierPlacement & { name: string; retention: string };

/**
 * Inserts the default tiers and their kinds, pointing at the given instances, unless the hub has a tier already
 * (an admin's choices are never overwritten). With `VIGIE_SECRET_KEY` (`serviceKey`) each gets its vmauth service
 * users, as a tier an admin saves does. For the dev stack and the demo; true when it inserted them.
 */
export async function seedDefaultTiers(
  db: Db,
  placements: Record<DefaultTierKey, TierPlacement>,
  serviceKey: Buffer | null = null,
  extras: readonly ExtraTierPlacement[] = [],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: tiers.id }).from(tiers).limit(1);
    if (existing) return false;
    for (const tier of defaultTiers) {
      const { id, url, readUrl } = placements[tier.key];
      await tx.insert(tiers).values({
        id,
        name: tier.name,
        retention: tier.retention,
        writeUrl: `${url}/api/v1/write`,
        readUrl,
        ...(serviceKey ? newTierServicePasswords(serviceKey, id) : {}),
      });
      for (const kind of tier.kinds) await tx.insert(targetKindTiers).values({ kind, tierId: id });
    }
    for (const { id, name, retention, url, readUrl } of extras) {
      await tx.insert(tiers).values({
        id,
        name,
        retention,
        writeUrl: `${url}/api/v1/write`,
        readUrl,
        ...(serviceKey ? newTierServicePasswords(serviceKey, id) : {}),
      });
    }
    return true;
  });
}

/** Points tiers at their instances' new URLs: the dev stack takes free ports, so they change at every start. */
export async function repointTiers(db: Db, placements: readonly TierPlacement[]): Promise<void> {
  for (const { id, url, readUrl } of placements) {
    await db
      .update(tiers)
      .set({ writeUrl: `${url}/api/v1/write`, readUrl })
      .where(eq(tiers.id, id));
  }
}
