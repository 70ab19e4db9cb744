import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import { type Refusal, refusalOf, refuse, refuseFields } from "@/lib/action-result";
import { encryptSecret } from "@/lib/crypto";
import type { Db, Tx } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { AdminScope } from "@/lib/policy";
import { newAntennaCredential } from "./credentials";
import { type AntennaField, type AntennaInput, type AntennaTyped, antennaInputSchema } from "./schema";

/**
 * A credential as the admin sees it once, right after it was issued: the clear password leaves the server in this
 * one answer and is stored only sealed.
 */
export type IssuedCredential = { antennaId: string; username: string; password: string };

type AntennaRefusal = Refusal<AntennaField, AntennaTyped>;

/**
 * The per-antenna salt of the MAC hashes (16 random bytes, hex), sealed for this antenna alone. Exported for the
 * test rows that need a fixed antenna id (lib/testing/antennas/rows.ts): they seal it as a registration does.
 */
export function sealedSalt(key: Buffer, antennaId: string): string {
  return encryptSecret(key, randomBytes(16).toString("hex"), `antenna-salt:${antennaId}`);
}

/** The form's fields, checked, and its tier, which must exist. */
async function checkInput(
  db: Db | Tx,
  input: Record<string, unknown>,
  antennaId: string | null,
): Promise<{ ok: true; input: AntennaInput } | AntennaRefusal> {
  const parsed = antennaInputSchema.safeParse(input);
  if (!parsed.success)
    return refuseFields<AntennaField, AntennaTyped>(refusalOf<AntennaField>(parsed.error).fields ?? {});
  const { placeCode, tierId } = parsed.data;
  const [tier] = await db.select({ id: tiers.id }).from(tiers).where(eq(tiers.id, tierId));
  if (!tier) return refuseFields<AntennaField, AntennaTyped>({ tierId: "tier_not_found" });
  const [sameCode] = await db
    .select({ id: antennas.id })
    .from(antennas)
    .where(
      antennaId
        ? and(eq(antennas.placeCode, placeCode), ne(antennas.id, antennaId))
        : eq(antennas.placeCode, placeCode),
    );
  if (sameCode) return refuseFields<AntennaField, AntennaTyped>({ placeCode: "place_code_taken" });
  return { ok: true, input: parsed.data };
}

/**
 * Registers an antenna with its first credential (generation 1) and its MAC salt, both sealed with `key`
 * (VIGIE_SECRET_KEY; without it nothing could be stored, so the registration is refused).
 */
export async function registerAntenna(
  db: Db,
  _admin: AdminScope,
  input: Record<string, unknown>,
  key: Buffer | null,
): Promise<{ ok: true; placeCode: string; credential: IssuedCredential } | AntennaRefusal> {
  const checked = await checkInput(db, input, null);
  if (!checked.ok) return checked;
  if (!key) return refuse("antenna_secret_key_missing");
  const { placeCode, tierId, notes, noClientHours } = checked.input;
  const id = newId("a");
  const { username, password, sealed } = newAntennaCredential(key, id, 1);
  await db.insert(antennas).values({
    id,
    placeCode,
    tierId,
    notes,
    noClientHours,
    generation: 1,
    passwordSealed: sealed,
    saltSealed: sealedSalt(key, id),
  });
  return { ok: true, placeCode, credential: { antennaId: id, username, password } };
}

/** Edits an antenna's place code, tier, notes and "no client" hours; a revoked antenna stays as it was. */
export async function updateAntenna(
  db: Db,
  _admin: AdminScope,
  antennaId: string,
  input: Record<string, unknown>,
): Promise<{ ok: true; placeCode: string } | AntennaRefusal> {
  const checked = await checkInput(db, input, antennaId);
  if (!checked.ok) return checked;
  const { placeCode, tierId, notes, noClientHours } = checked.input;
  const [updated] = await db
    .update(antennas)
    .set({ placeCode, tierId, notes, noClientHours })
    .where(and(eq(antennas.id, antennaId), isNull(antennas.revokedAt)))
    .returning({ id: antennas.id });
  if (updated) return { ok: true, placeCode };
  return refuse(await whyUnchanged(db, antennaId));
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
    if (!rotated) return refuse("antenna_not_found");
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
