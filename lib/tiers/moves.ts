import "server-only";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { tierMoves } from "@/lib/db/schema";

export type TierMoveSubject = (typeof tierMoves.$inferSelect)["subjectType"];

/** One move as the dashboards use it: a null tier is the default instance (a kind with no tier). */
export type RecordedTierMove = {
  subject: string;
  fromTierId: string | null;
  toTierId: string | null;
  movedAt: Date;
};

/** The longest window a dashboard shows (the antennas' 90 days): an older move changes no figure. */
export const tierMoveRetentionMs = 90 * 86_400_000;

/**
 * Records that `subject` now writes to `toTierId` instead of `fromTierId` (nothing when they are the same), in the
 * caller's transaction so the move and the change it records commit together. Moves past the longest window are
 * deleted here: rows appear only through this function, so the table never holds more than 90 days of moves.
 */
export async function recordTierMove(
  tx: Db | Tx,
  move: { subjectType: TierMoveSubject; subject: string; fromTierId: string | null; toTierId: string | null },
  now: Date = new Date(),
): Promise<void> {
  if (move.fromTierId === move.toTierId) return;
  await tx.delete(tierMoves).where(lt(tierMoves.movedAt, new Date(now.getTime() - tierMoveRetentionMs)));
  await tx.insert(tierMoves).values({ ...move, movedAt: now });
}

/** The moves of these subjects since `since`, oldest first (subjects: all of that type when omitted). */
export async function listTierMoves(
  db: Db,
  subjectType: TierMoveSubject,
  since: Date,
  subjects?: readonly string[],
): Promise<RecordedTierMove[]> {
  if (subjects && subjects.length === 0) return [];
  return db
    .select({
      subject: tierMoves.subject,
      fromTierId: tierMoves.fromTierId,
      toTierId: tierMoves.toTierId,
      movedAt: tierMoves.movedAt,
    })
    .from(tierMoves)
    .where(
      and(
        eq(tierMoves.subjectType, subjectType),
        gte(tierMoves.movedAt, since),
        subjects ? inArray(tierMoves.subject, [...subjects]) : undefined,
      ),
    )
    .orderBy(asc(tierMoves.movedAt), asc(tierMoves.id));
}
