import { eq } from "drizzle-orm";
import type { Refusal } from "@/lib/action-result";
import { newAntennaCredential, newSealedSalt } from "@/lib/antennas/credentials";
import { registerAntenna } from "@/lib/antennas/mutations";
import type { Db } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { adminScopeFor } from "@/lib/testing/scopes";
import { saveTier } from "@/lib/tiers/mutations";
import { tierReadSealer } from "@/lib/tiers/read-credential";
import { newTierServicePasswords, tierServiceUsername, unsealTierServicePassword } from "@/lib/tiers/service-users";

/**
 * Tiers and antennas for the tests and benches that need them, made by the admin pages' own mutations (saveTier,
 * registerAntenna), so every sealed column opens as production's would and a sync never meets a placeholder.
 * Revokes and rotations are not here: a test calls revokeAntenna and rotateAntennaCredential with `testAdmin`.
 */
export type Credential = { username: string; password: string };

/** The mutations take an AdminScope and check nothing further, so its member need not exist in the database. */
export const testAdmin = adminScopeFor("m_test_admin");

/** The answer of a mutation that must succeed here; a refusal stops the test (or bench) with its reason. */
export function succeeded<Answer extends { ok: true } | Refusal<string, unknown>>(
  answer: Answer,
): Extract<Answer, { ok: true }> {
  if (!answer.ok) throw new Error(`refused: ${answer.reason} ${JSON.stringify(answer.fields ?? {})}`);
  return answer as Extract<Answer, { ok: true }>;
}

let made = 0;
const nextNumber = () => {
  made += 1;
  return made;
};

/**
 * A tier saved as the tiers page saves it. With `key` (VIGIE_SECRET_KEY) its vmauth service users are generated
 * and a read password is sealed; without, it stays out of vmauth.yml, as a tier saved without the key does.
 * `id` is for a test whose series or files name the tier: the page draws ids at random, so the row is first
 * written with that id, then saved over by saveTier, which seals what it stores.
 */
export async function createTier(
  db: Db,
  options: {
    id?: string;
    name?: string;
    writeUrl: string;
    readUrl?: string;
    readUsername?: string;
    readPassword?: string;
    key?: Buffer;
  },
): Promise<{ id: string; name: string; writer: Credential | null; reader: Credential | null }> {
  const { id, key } = options;
  const input = {
    name: options.name ?? `tier ${id ?? nextNumber()}`,
    retention: "1y",
    writeUrl: options.writeUrl,
    readUrl: options.readUrl ?? options.writeUrl,
    readUsername: options.readUsername ?? "",
    readPassword: options.readPassword ?? "",
  };
  if (id)
    await db
      .insert(tiers)
      .values({ id, name: input.name, retention: input.retention, writeUrl: input.writeUrl, readUrl: input.readUrl });
  const seal = tierReadSealer(key ?? null);
  const saved = succeeded(await saveTier(db, testAdmin, id ?? null, input, seal, key ?? null));
  const [row] = await db.select().from(tiers).where(eq(tiers.id, saved.id));
  const open = (role: "writer" | "reader", sealed: string | null | undefined): Credential | null =>
    key && sealed
      ? {
          username: tierServiceUsername(role, saved.id),
          password: unsealTierServicePassword(key, role, saved.id, sealed),
        }
      : null;
  return {
    id: saved.id,
    name: saved.name,
    writer: open("writer", row?.writerPasswordSealed),
    reader: open("reader", row?.readerPasswordSealed),
  };
}

/**
 * An antenna registered as the antennas page registers it, with its first credential (generation 1).
 * `id` is for a test whose series name the antenna (`a_silent`): the row is written directly, sealed by the
 * same functions registerAntenna seals with.
 */
export async function addAntenna(
  db: Db,
  key: Buffer,
  options: { tierId: string; id?: string; placeCode?: string; noClientHours?: number },
): Promise<{ id: string; placeCode: string } & Credential> {
  const { id, tierId } = options;
  const placeCode = options.placeCode ?? `T-${id ?? nextNumber()}`;
  const noClientHours = options.noClientHours ?? 12;
  if (!id) {
    const { credential } = succeeded(await registerAntenna(db, testAdmin, { placeCode, tierId, noClientHours }, key));
    return { id: credential.antennaId, placeCode, username: credential.username, password: credential.password };
  }
  const { username, password, sealed } = newAntennaCredential(key, id, 1);
  await db.insert(antennas).values({
    id,
    placeCode,
    tierId,
    noClientHours,
    generation: 1,
    passwordSealed: sealed,
    saltSealed: newSealedSalt(key, id),
  });
  return { id, placeCode, username, password };
}

/**
 * Tier rows with their vmauth service users, written directly (for tests of what holds a tier, not of the tiers
 * page): each on an instance of its own, as the page requires, none of which needs to answer.
 */
export async function insertTierRows(db: Db, key: Buffer, named: Record<string, string>): Promise<void> {
  const rows = Object.entries(named).map(([id, name], index) => {
    const url = `http://127.0.0.1:${18_000 + index}`;
    return { id, name, retention: "3y", writeUrl: url, readUrl: url, ...newTierServicePasswords(key, id) };
  });
  await db.insert(tiers).values(rows);
}
