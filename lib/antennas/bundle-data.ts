import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { antennas } from "@/lib/db/schema";
import type { AdminScope } from "@/lib/policy";
import { antennaUsername, unsealSalt } from "./credentials";

/** What a bundle needs of an antenna: its current username and its MAC salt. Never its password. */
export type BundleSource =
  | { status: "ready"; antennaId: string; username: string; salt: string }
  | { status: "revoked" }
  | { status: "not_found" };

/**
 * The antenna a bundle is made for, admin only. A revoked antenna gets no bundle: its credential is refused by
 * vmauth anyway, and a fresh copy of its salt would only be one more place it could leak from.
 */
export async function readAntennaForBundle(
  db: Db,
  _admin: AdminScope,
  antennaId: string,
  secretKey: Buffer,
): Promise<BundleSource> {
  const [row] = await db
    .select({
      id: antennas.id,
      generation: antennas.generation,
      saltSealed: antennas.saltSealed,
      revokedAt: antennas.revokedAt,
      // Whether a credential exists, without selecting it.
      hasPassword: sql<boolean>`${antennas.passwordSealed} is not null`,
    })
    .from(antennas)
    .where(eq(antennas.id, antennaId));
  if (!row) return { status: "not_found" };
  // Revoking clears the password too; either one means the antenna no longer has a usable credential.
  if (row.revokedAt || !row.hasPassword) return { status: "revoked" };
  return {
    status: "ready",
    antennaId: row.id,
    username: antennaUsername(row.id, row.generation),
    salt: unsealSalt(secretKey, row.id, row.saltSealed),
  };
}
