import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { type Refusal, refusalOf, refuse, refuseFields } from "@/lib/action-result";
import type { Db, Tx } from "@/lib/db/client";
import { antennas, type targetKinds, targetKindTiers, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { AdminScope } from "@/lib/policy";
import { sameInstance } from "@/lib/tiers/instances";
import { recordTierMove } from "@/lib/tiers/moves";
import { tierServiceUsername } from "@/lib/tiers/service-users";
import { newAntennaCredential, newSealedSalt } from "./credentials";
import { type AntennaField, type AntennaInput, type AntennaTyped, antennaInputSchema } from "./schema";

/**
 * A credential as the admin sees it once, right after it was issued: the clear password leaves the server in this
 * one answer and is stored only sealed.
 */
export type IssuedCredential = { antennaId: string; username: string; password: string };

type TargetKind = (typeof targetKinds)[number];

/**
 * Why a registration or an edit was refused. `antenna_tier_has_kinds` comes with the kinds whose series the tier
 * holds (the action names them in the admin's language).
 */
export type AntennaRefusal = Refusal<AntennaField, AntennaTyped> & { kinds?: TargetKind[] };

/** The form's fields, checked. */
function checkInput(input: Record<string, unknown>): { ok: true; input: AntennaInput } | AntennaRefusal {
  const parsed = antennaInputSchema.safeParse(input);
  if (!parsed.success)
    return refuseFields<AntennaField, AntennaTyped>(refusalOf<AntennaField>(parsed.error).fields ?? {});
  return { ok: true, input: parsed.data };
}

/**
 * Whether an antenna may write into `tierId`, with the tier's row locked until the transaction ends. A tier holds
 * antennas or target kinds, never both: vmauth only adds `antenna=` to what an antenna sends, so on a tier holding
 * kinds its credential could write `vpn_client_connected` or `probe_*` series that members' rules and dashboards
 * read. assignKindTier takes the same lock before it looks for antennas, so an antenna and a kind chosen for one
 * tier at once are serialised and the second is refused. A tier saved before VIGIE_SECRET_KEY was set has no vmauth
 * service users and stays out of vmauth.yml: an antenna on it would hold a credential nothing accepts.
 */
async function checkTier(tx: Tx, tierId: string, rules: AntennaTierRules): Promise<AntennaRefusal | null> {
  const [tier] = await tx
    .select({ writerPasswordSealed: tiers.writerPasswordSealed, writeUrl: tiers.writeUrl })
    .from(tiers)
    .where(eq(tiers.id, tierId))
    .for("no key update");
  if (!tier) return refuseFields<AntennaField, AntennaTyped>({ tierId: "tier_not_found" });
  const kinds = await tx
    .select({ kind: targetKindTiers.kind })
    .from(targetKindTiers)
    .where(eq(targetKindTiers.tierId, tierId))
    .orderBy(asc(targetKindTiers.kind));
  if (kinds.length > 0)
    return { ...refuseFields({ tierId: "antenna_tier_has_kinds" }), kinds: kinds.map((row) => row.kind) };
  if (!tier.writerPasswordSealed) return refuseFields<AntennaField, AntennaTyped>({ tierId: "antenna_tier_not_ready" });
  // The default instance holds the hub's own series (infra rules) and every kind's without a tier: an antenna's
  // credential there could write what those rules read, as a tier holding kinds would let it.
  if (sameInstance(tier.writeUrl, rules.defaultInstanceUrl)) {
    return refuseFields<AntennaField, AntennaTyped>({ tierId: "antenna_tier_is_default" });
  }
  return null;
}

/**
 * What the deployment says about where an antenna may write, given by the action from the environment.
 * `defaultInstanceUrl` is VICTORIA_METRICS_URL; `vmagentWrites` asks vmagent whether it writes a tier (the
 * antenna's info series, which its alert rules join with, reach a tier only through vmagent): asked before the
 * transaction, never while a row is locked; "unknown" (vmagent down or not configured) lets the choice through and
 * the sync run checks again.
 */
export type AntennaTierRules = {
  defaultInstanceUrl?: string;
  vmagentWrites?: (tierId: string) => Promise<boolean | "unknown">;
};

async function checkVmagentWrites(tierId: string, rules: AntennaTierRules): Promise<AntennaRefusal | null> {
  if ((await rules.vmagentWrites?.(tierId)) !== false) return null;
  return refuseFields<AntennaField, AntennaTyped>(
    { tierId: "antenna_tier_not_in_vmagent" },
    { values: { username: tierServiceUsername("writer", tierId) } },
  );
}

const placeCodeTaken = () => refuseFields<AntennaField, AntennaTyped>({ placeCode: "place_code_taken" });

/**
 * Whether `error` is PostgreSQL's unique violation (23505) of `constraint`. Drizzle wraps the driver's error, so
 * its `cause` chain is followed.
 */
function violatesUnique(error: unknown, constraint: string): boolean {
  let cause = error;
  while (typeof cause === "object" && cause !== null) {
    const { code, constraint: name } = cause as { code?: unknown; constraint?: unknown };
    if (code === "23505" && name === constraint) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Registers an antenna with its first credential (generation 1) and its MAC salt, both sealed with `key`
 * (VIGIE_SECRET_KEY; without it nothing could be stored, so the registration is refused). A place code already
 * taken, by a registration running at the same time too, is refused by the unique constraint.
 */
export async function registerAntenna(
  db: Db,
  _admin: AdminScope,
  input: Record<string, unknown>,
  key: Buffer | null,
  rules: AntennaTierRules = {},
): Promise<{ ok: true; placeCode: string; credential: IssuedCredential } | AntennaRefusal> {
  const checked = checkInput(input);
  if (!checked.ok) return checked;
  const { placeCode, tierId, notes, noClientHours } = checked.input;
  const notWritten = await checkVmagentWrites(tierId, rules);
  if (notWritten) return notWritten;
  return db.transaction(async (tx) => {
    const tierRefusal = await checkTier(tx, tierId, rules);
    if (tierRefusal) return tierRefusal;
    if (!key) return refuse("antenna_secret_key_missing");
    const id = newId("a");
    const { username, password, sealed } = newAntennaCredential(key, id, 1);
    const [inserted] = await tx
      .insert(antennas)
      .values({
        id,
        placeCode,
        tierId,
        notes,
        noClientHours,
        generation: 1,
        passwordSealed: sealed,
        saltSealed: newSealedSalt(key, id),
      })
      .onConflictDoNothing({ target: antennas.placeCode })
      .returning({ id: antennas.id });
    if (!inserted) return placeCodeTaken();
    return { ok: true as const, placeCode, credential: { antennaId: id, username, password } };
  });
}

/** Edits an antenna's place code, tier, notes and "no client" hours; a revoked antenna stays as it was. */
export async function updateAntenna(
  db: Db,
  _admin: AdminScope,
  antennaId: string,
  input: Record<string, unknown>,
  rules: AntennaTierRules = {},
): Promise<{ ok: true; placeCode: string } | AntennaRefusal> {
  const checked = checkInput(input);
  if (!checked.ok) return checked;
  const { placeCode, tierId, notes, noClientHours } = checked.input;
  // vmagent is asked only when the antenna changes tier: an edit of its notes never depends on it. Read outside the
  // transaction (vmagent is never asked while a row is locked): a move racing this edit may skip the question, and
  // the sync run, which checks every tier in use, says so then.
  const [current] = await db.select({ tierId: antennas.tierId }).from(antennas).where(eq(antennas.id, antennaId));
  if (current && current.tierId !== tierId) {
    const notWritten = await checkVmagentWrites(tierId, rules);
    if (notWritten) return notWritten;
  }
  try {
    return await db.transaction(async (tx) => {
      const tierRefusal = await checkTier(tx, tierId, rules);
      if (tierRefusal) return tierRefusal;
      // Its tier before the edit, locked with its row: a move is recorded so the dashboard still reads the old one.
      const [before] = await tx
        .select({ tierId: antennas.tierId })
        .from(antennas)
        .where(and(eq(antennas.id, antennaId), isNull(antennas.revokedAt)))
        .for("update");
      const [updated] = await tx
        .update(antennas)
        .set({ placeCode, tierId, notes, noClientHours })
        .where(and(eq(antennas.id, antennaId), isNull(antennas.revokedAt)))
        .returning({ id: antennas.id });
      if (!updated || !before) return refuse(await whyUnchanged(tx, antennaId));
      await recordTierMove(tx, {
        subjectType: "antenna",
        subject: antennaId,
        fromTierId: before.tierId,
        toTierId: tierId,
      });
      return { ok: true as const, placeCode };
    });
  } catch (error) {
    // An UPDATE has no ON CONFLICT: the code taken, even by a write committed a moment ago, fails the statement.
    if (violatesUnique(error, "antennas_place_code_unique")) return placeCodeTaken();
    throw error;
  }
}

/** Why a write guarded by "not revoked" changed nothing. */
async function whyUnchanged(db: Db | Tx, antennaId: string): Promise<"antenna_not_found" | "antenna_revoked"> {
  const [row] = await db.select({ revokedAt: antennas.revokedAt }).from(antennas).where(eq(antennas.id, antennaId));
  return row ? "antenna_revoked" : "antenna_not_found";
}

/**
 * Issues the next generation's credential. The current password becomes the previous one, still accepted until
 * `now + graceMs` (a grace of 0 drops it at once); a previous one from an earlier rotation is dropped, so at most
 * two credentials work at any time.
 */
export async function rotateAntennaCredential(
  db: Db,
  _admin: AdminScope,
  antennaId: string,
  graceMs: number,
  key: Buffer | null,
  now: Date = new Date(),
): Promise<{ ok: true; placeCode: string; credential: IssuedCredential } | Refusal> {
  if (!key) return refuse("antenna_secret_key_missing");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        placeCode: antennas.placeCode,
        generation: antennas.generation,
        passwordSealed: antennas.passwordSealed,
      })
      .from(antennas)
      .where(and(eq(antennas.id, antennaId), isNull(antennas.revokedAt)));
    if (!row) return refuse(await whyUnchanged(tx, antennaId));
    const generation = row.generation + 1;
    const { username, password, sealed } = newAntennaCredential(key, antennaId, generation);
    const keepPrevious = graceMs > 0 && row.passwordSealed !== null;
    // The generation in the `where` makes two rotations at once issue one credential, not two for one generation.
    const [rotated] = await tx
      .update(antennas)
      .set({
        generation,
        passwordSealed: sealed,
        previousPasswordSealed: keepPrevious ? row.passwordSealed : null,
        previousValidUntil: keepPrevious ? new Date(now.getTime() + graceMs) : null,
      })
      .where(and(eq(antennas.id, antennaId), eq(antennas.generation, row.generation), isNull(antennas.revokedAt)))
      .returning({ id: antennas.id });
    if (!rotated) {
      // Gone, revoked or rotated by another admin since the read above: say which.
      const [current] = await tx
        .select({ revokedAt: antennas.revokedAt })
        .from(antennas)
        .where(eq(antennas.id, antennaId));
      if (!current) return refuse("antenna_not_found");
      return refuse(current.revokedAt ? "antenna_revoked" : "antenna_rotated_meanwhile");
    }
    return { ok: true as const, placeCode: row.placeCode, credential: { antennaId, username, password } };
  });
}

/** Refuses the antenna's credentials from the next apply on: both passwords cleared, the row kept as revoked. */
export async function revokeAntenna(
  db: Db,
  _admin: AdminScope,
  antennaId: string,
  now: Date = new Date(),
): Promise<{ ok: true; placeCode: string } | Refusal> {
  const [revoked] = await db
    .update(antennas)
    .set({ passwordSealed: null, previousPasswordSealed: null, previousValidUntil: null, revokedAt: now })
    .where(and(eq(antennas.id, antennaId), isNull(antennas.revokedAt)))
    .returning({ placeCode: antennas.placeCode });
  if (revoked) return { ok: true, placeCode: revoked.placeCode };
  return refuse(await whyUnchanged(db, antennaId));
}
