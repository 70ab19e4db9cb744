import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { type Refusal, refusalOf, refuse, refuseFields } from "@/lib/action-result";
import type { Db, Tx } from "@/lib/db/client";
import { antennas, type targetKinds, targetKindTiers, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { AdminScope } from "@/lib/policy";
import { sameInstance } from "./instances";
import { recordTierMove } from "./moves";
import { type TierField, type TierTyped, tierInputSchema } from "./schema";
import { newTierServicePasswords } from "./service-users";

/** Seals a read password for one tier (the tier id is the cipher's context), or null without `VIGIE_SECRET_KEY`. */
export type SealSecret = ((secret: string, tierId: string) => string) | null;

/**
 * `VIGIE_SECRET_KEY`, to generate the tier's vmauth service users (`vmagent-<id>`, `reader-<id>`) when it has none
 * yet; null without the key: the tier is saved and stays out of vmauth.yml until it is saved with the key.
 */
export type ServiceUsersKey = Buffer | null;

export type SaveTierResult = { ok: true; id: string; name: string } | Refusal<TierField, TierTyped>;

/**
 * Where the tiers may not point: VICTORIA_METRICS_URL, the default instance, which holds the hub's own series and
 * so no antenna (given by the action from the environment).
 */
export type TierPlacementRules = { defaultInstanceUrl?: string };

/** Adds a tier (no tierId) or edits one; an empty password keeps the stored one, an empty user name clears both. */
export async function saveTier(
  db: Db,
  _admin: AdminScope,
  tierId: string | null,
  input: Record<string, unknown>,
  seal: SealSecret,
  serviceKey: ServiceUsersKey = null,
  rules: TierPlacementRules = {},
): Promise<SaveTierResult> {
  const parsed = tierInputSchema.safeParse(input);
  if (!parsed.success) return refuseFields<TierField, TierTyped>(refusalOf<TierField>(parsed.error).fields ?? {});
  const { name, retention, writeUrl, readUrl, readUsername, readPassword } = parsed.data;
  if (readPassword && !readUsername)
    return refuseFields<TierField, TierTyped>({ readUsername: "read_username_required" });
  if (readPassword && !seal) return refuseFields<TierField, TierTyped>({ readPassword: "tier_secret_key_missing" });
  const [sameName] = await db
    .select({ id: tiers.id })
    .from(tiers)
    .where(tierId ? and(eq(tiers.name, name), ne(tiers.id, tierId)) : eq(tiers.name, name));
  if (sameName) return refuseFields<TierField, TierTyped>({ name: "tier_name_taken" });
  const placement = await checkInstance(db, tierId, writeUrl, rules);
  if (placement) return placement;
  const id = tierId ?? newId("r");
  const credentials = {
    readUsername,
    ...(readPassword && seal ? { readPasswordSealed: seal(readPassword, id) } : {}),
    ...(readUsername ? {} : { readPasswordSealed: null }),
  };
  const generated = serviceKey ? newTierServicePasswords(serviceKey, id) : null;
  if (tierId) {
    // Generated only where absent: an edit never changes a password vmagent and the readers already use.
    const serviceUsers = generated
      ? {
          writerPasswordSealed: sql`coalesce(${tiers.writerPasswordSealed}, ${generated.writerPasswordSealed})`,
          readerPasswordSealed: sql`coalesce(${tiers.readerPasswordSealed}, ${generated.readerPasswordSealed})`,
        }
      : {};
    const [updated] = await db
      .update(tiers)
      .set({ name, retention, writeUrl, readUrl, ...credentials, ...serviceUsers })
      .where(eq(tiers.id, tierId))
      .returning({ id: tiers.id });
    return updated ? { ok: true, id, name } : refuse("tier_not_found");
  }
  await db.insert(tiers).values({ id, name, retention, writeUrl, readUrl, ...credentials, ...(generated ?? {}) });
  return { ok: true, id, name };
}

/**
 * One tier per VictoriaMetrics instance. "A tier holds antennas or target kinds, never both" protects members'
 * series only if it holds per instance: two rows on one instance, one with antennas and one with kinds, would let an
 * antenna's credential write the `probe_*` or `vpn_client_*` series members' rules read. For the same reason a tier
 * holding antennas never moves onto the default instance. Instances are compared by vmauth's base URL (the form a
 * write URL is forwarded to).
 */
async function checkInstance(
  db: Db,
  tierId: string | null,
  writeUrl: string,
  rules: TierPlacementRules,
): Promise<Refusal<TierField, TierTyped> | null> {
  const others = await db
    .select({ writeUrl: tiers.writeUrl })
    .from(tiers)
    .where(tierId ? ne(tiers.id, tierId) : undefined);
  if (others.some((other) => sameInstance(writeUrl, other.writeUrl)))
    return refuseFields<TierField, TierTyped>({ writeUrl: "tier_instance_taken" });
  if (!tierId || !sameInstance(writeUrl, rules.defaultInstanceUrl)) return null;
  const [antenna] = await db.select({ id: antennas.id }).from(antennas).where(eq(antennas.tierId, tierId)).limit(1);
  return antenna ? refuseFields<TierField, TierTyped>({ writeUrl: "antenna_tier_is_default" }) : null;
}

type TargetKind = (typeof targetKinds)[number];
/**
 * Why a tier was not deleted: gone, or still chosen for these target kinds and antennas (their place codes); the
 * action names them for the admin.
 */
export type DeleteTierRefusal =
  | { ok: false; reason: "tier_not_found" }
  | { ok: false; reason: "tier_in_use"; usedBy: TargetKind[]; antennas: string[] };

/** Removes a tier no target kind and no antenna uses; otherwise refuses with what still uses it. */
export async function deleteTier(
  db: Db,
  _admin: AdminScope,
  tierId: string,
): Promise<{ ok: true; name: string } | DeleteTierRefusal> {
  return db.transaction(async (tx) => {
    const users = await tx
      .select({ kind: targetKindTiers.kind })
      .from(targetKindTiers)
      .where(eq(targetKindTiers.tierId, tierId))
      .orderBy(asc(targetKindTiers.kind));
    // A revoked antenna keeps its row, and its tier: its series stay where they are.
    const antennaUsers = await tx
      .select({ placeCode: antennas.placeCode })
      .from(antennas)
      .where(eq(antennas.tierId, tierId))
      .orderBy(asc(antennas.placeCode));
    if (users.length > 0 || antennaUsers.length > 0)
      return {
        ok: false,
        reason: "tier_in_use",
        usedBy: users.map((user) => user.kind),
        antennas: antennaUsers.map((antenna) => antenna.placeCode),
      };
    const [deleted] = await tx.delete(tiers).where(eq(tiers.id, tierId)).returning({ name: tiers.name });
    return deleted ? { ok: true, name: deleted.name } : { ok: false, reason: "tier_not_found" };
  });
}

/** Why a kind was not sent to a tier: gone, or holding these antennas (their place codes; the action names them). */
export type AssignKindTierRefusal =
  | { ok: false; reason: "tier_not_found" }
  | { ok: false; reason: "tier_has_antennas"; antennas: string[] };

/**
 * Sends a target kind's series to a tier (null: no tier chosen). A tier that holds antennas, revoked ones included
 * (their rows keep the tier, and their series stay in it), is refused: an antenna's credential writes into its tier,
 * and vmauth only adds `antenna=` to what it sends, so it could write the kind's series that members' rules read.
 * The tier's row is locked as registerAntenna locks it, so a kind and an antenna chosen for it at once cannot both
 * get in.
 */
export async function assignKindTier(
  db: Db,
  _admin: AdminScope,
  kind: TargetKind,
  tierId: string | null,
): Promise<{ ok: true; kind: string } | AssignKindTierRefusal> {
  // The kind's tier before this change, locked with its row: the recorded move names where its history is.
  const previousTier = async (tx: Tx) => {
    const [row] = await tx
      .select({ tierId: targetKindTiers.tierId })
      .from(targetKindTiers)
      .where(eq(targetKindTiers.kind, kind))
      .for("update");
    return row?.tierId ?? null;
  };
  if (!tierId) {
    return db.transaction(async (tx) => {
      const fromTierId = await previousTier(tx);
      await tx.delete(targetKindTiers).where(eq(targetKindTiers.kind, kind));
      await recordTierMove(tx, { subjectType: "target_kind", subject: kind, fromTierId, toTierId: null });
      return { ok: true as const, kind };
    });
  }
  return db.transaction(async (tx) => {
    const [tier] = await tx.select({ id: tiers.id }).from(tiers).where(eq(tiers.id, tierId)).for("no key update");
    if (!tier) return { ok: false as const, reason: "tier_not_found" as const };
    const antennaRows = await tx
      .select({ placeCode: antennas.placeCode })
      .from(antennas)
      .where(eq(antennas.tierId, tierId))
      .orderBy(asc(antennas.placeCode));
    if (antennaRows.length > 0)
      return {
        ok: false as const,
        reason: "tier_has_antennas" as const,
        antennas: antennaRows.map((row) => row.placeCode),
      };
    const fromTierId = await previousTier(tx);
    await tx
      .insert(targetKindTiers)
      .values({ kind, tierId })
      .onConflictDoUpdate({ target: targetKindTiers.kind, set: { tierId } });
    await recordTierMove(tx, { subjectType: "target_kind", subject: kind, fromTierId, toTierId: tierId });
    return { ok: true as const, kind };
  });
}
