import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { newAntennaCredential, unsealPassword } from "@/lib/antennas/credentials";
import { encryptSecret } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { newTierServicePasswords, tierServiceUsername, unsealTierServicePassword } from "@/lib/tiers/service-users";

/**
 * Tier and antenna rows written directly, as the admin pages' mutations store them (sealed with `key`): the
 * monitoring sync's tests and bench need them before those pages exist.
 */
export type Credential = { username: string; password: string };

export async function insertTier(db: Db, key: Buffer, options: { writeUrl: string; name?: string }) {
  const id = newId("r");
  await db.insert(tiers).values({
    id,
    name: options.name ?? id,
    retention: "1y",
    writeUrl: options.writeUrl,
    readUrl: options.writeUrl,
    ...newTierServicePasswords(key, id),
  });
  const [row] = await db.select().from(tiers).where(eq(tiers.id, id));
  const open = (role: "writer" | "reader", sealed: string | null): Credential => ({
    username: tierServiceUsername(role, id),
    password: unsealTierServicePassword(key, role, id, sealed!),
  });
  return { id, writer: open("writer", row!.writerPasswordSealed), reader: open("reader", row!.readerPasswordSealed) };
}

export async function insertAntenna(db: Db, key: Buffer, tierId: string): Promise<{ id: string } & Credential> {
  const id = newId("a");
  const credential = newAntennaCredential(key, id, 1);
  await db.insert(antennas).values({
    id,
    placeCode: id,
    tierId,
    passwordSealed: credential.sealed,
    saltSealed: encryptSecret(key, randomBytes(16).toString("hex"), `antenna-salt:${id}`),
  });
  return { id, username: credential.username, password: credential.password };
}

/** What a revoke does to the row: both passwords cleared, the row kept. */
export async function revokeAntennaRow(db: Db, id: string): Promise<void> {
  await db
    .update(antennas)
    .set({ revokedAt: new Date(), passwordSealed: null, previousPasswordSealed: null, previousValidUntil: null })
    .where(eq(antennas.id, id));
}

/** What a rotation does: the next generation becomes current, the old password stays valid for `graceMs`. */
export async function rotateAntennaRow(db: Db, key: Buffer, id: string, graceMs: number) {
  const [row] = await db.select().from(antennas).where(eq(antennas.id, id));
  if (!row?.passwordSealed) throw new Error(`antenna ${id} has no current password`);
  const next = newAntennaCredential(key, id, row.generation + 1);
  const validUntil = new Date(Date.now() + graceMs);
  await db
    .update(antennas)
    .set({
      generation: row.generation + 1,
      passwordSealed: next.sealed,
      previousPasswordSealed: row.passwordSealed,
      previousValidUntil: validUntil,
    })
    .where(eq(antennas.id, id));
  const previous = {
    username: `antenna-${id}-g${row.generation}`,
    password: unsealPassword(key, id, row.passwordSealed),
  };
  return { current: { username: next.username, password: next.password }, previous, validUntil };
}
