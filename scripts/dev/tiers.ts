import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { type DefaultTierKey, defaultTiers, repointTiers, seedDefaultTiers } from "@/lib/tiers/defaults";
import type { StackTier, TierUrls } from "@/scripts/stack/tiers";

type PlannedTier = StackTier & { key: DefaultTierKey };

/**
 * The default tiers the dev stack runs an instance for. Their ids are made before the stack starts (its
 * instances are named after them) and kept in `<dataDir>/tiers.json`, so a restarted demo runs the same tiers.
 * None when the database already has tiers the dev environment did not seed (an admin's own).
 */
export async function planDevTiers(dataDir: string): Promise<PlannedTier[]> {
  const file = path.join(dataDir, "tiers.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as PlannedTier[];
  const handle = await openDatabase({ dataDir: path.join(dataDir, "pg") });
  try {
    if ((await handle.db.select({ id: tiers.id }).from(tiers).limit(1)).length > 0) return [];
  } finally {
    await handle.close();
  }
  // The processes run with the notes' retentions too: VictoriaMetrics only deletes older data, so a long
  // retention costs a demo nothing.
  const planned = defaultTiers.map((tier) => ({
    key: tier.key,
    id: newId("r"),
    retention: tier.retention,
    ...("default" in tier ? { default: true } : {}),
  }));
  writeFileSync(file, JSON.stringify(planned));
  return planned;
}

/** Inserts the default tiers with the stack's URLs, or points the ones seeded before at this start's ports. */
export async function placeDevTiers(
  dataDir: string,
  planned: readonly PlannedTier[],
  urls: Record<string, TierUrls>,
): Promise<void> {
  if (planned.length === 0) return;
  const placements = planned.map((tier) => ({ key: tier.key, id: tier.id, url: urls[tier.id]!.victoriaMetrics }));
  const handle = await openDatabase({ dataDir: path.join(dataDir, "pg") });
  try {
    const seeded = await seedDefaultTiers(
      handle.db,
      Object.fromEntries(placements.map(({ key, ...placement }) => [key, placement])) as Record<
        DefaultTierKey,
        { id: string; url: string }
      >,
    );
    if (!seeded) await repointTiers(handle.db, placements);
  } finally {
    await handle.close();
  }
}
