import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type targetKinds, targetKindTiers, tiers } from "@/lib/db/schema";

type TargetKind = (typeof targetKinds)[number];

/**
 * The tiers of the meeting notes: squats' antennas 3 years; bricks, pings, TCP ports and VPN links ("VPN
 * (Briques, Parpaings)/FFDN: url, ping, tls") 6 months; VPS (Ketupa) and the hub's own metrics, for which the
 * notes give no new figure, keep the 3 years Neutrinet keeps today. `default`: the hub's existing instance, which
 * also holds every series that has no tier (the exporters, kinds without a tier).
 */
export const defaultTiers = [
  { key: "squats", name: "Squats", retention: "3y", kinds: [] },
  { key: "ffdn", name: "VPN/FFDN", retention: "6M", kinds: ["brick", "ping", "tcp", "vpn"] },
  { key: "vps", name: "VPS", retention: "3y", kinds: ["vps"] },
  { key: "infra", name: "Infra", retention: "3y", kinds: [], default: true },
] as const satisfies readonly { key: string; name: string; retention: string; kinds: TargetKind[]; default?: true }[];

export type DefaultTierKey = (typeof defaultTiers)[number]["key"];
/** Where a default tier's instance runs: its id (made before its instance starts) and its URL. */
export type TierPlacement = { id: string; url: string };

/**
 * Inserts the default tiers and their kinds, pointing at the given instances, unless the hub has a tier already
 * (an admin's choices are never overwritten). For the dev stack and the demo; true when it inserted them.
 */
export async function seedDefaultTiers(db: Db, placements: Record<DefaultTierKey, TierPlacement>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: tiers.id }).from(tiers).limit(1);
    if (existing) return false;
    for (const tier of defaultTiers) {
      const { id, url } = placements[tier.key];
      await tx
        .insert(tiers)
        .values({ id, name: tier.name, retention: tier.retention, writeUrl: `${url}/api/v1/write`, readUrl: url });
      for (const kind of tier.kinds) await tx.insert(targetKindTiers).values({ kind, tierId: id });
    }
    return true;
  });
}

/** Points tiers at their instances' new URLs: the dev stack takes free ports, so they change at every start. */
export async function repointTiers(db: Db, placements: readonly TierPlacement[]): Promise<void> {
  for (const { id, url } of placements) {
    await db
      .update(tiers)
      .set({ writeUrl: `${url}/api/v1/write`, readUrl: url })
      .where(eq(tiers.id, id));
  }
}
