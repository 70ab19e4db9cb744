import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members, targets } from "@/lib/db/schema";
import { type AdminScope, ownedBy } from "@/lib/policy";

const memberColumns = {
  id: targets.id,
  kind: targets.kind,
  label: targets.label,
  address: targets.address,
  status: targets.status,
  paused: targets.paused,
  guardPauseReason: targets.guardPauseReason,
  reviewNote: targets.reviewNote,
  createdAt: targets.createdAt,
};

export function listTargetsForMember(db: Db, memberId: string) {
  return db
    .select(memberColumns)
    .from(targets)
    .where(ownedBy(targets, memberId))
    .orderBy(asc(targets.createdAt), asc(targets.id));
}

/** The member's own target, or undefined when the id is someone else's or unknown. */
export async function findTargetForMember(db: Db, memberId: string, targetId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(targets)
    .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)));
  return row;
}

/**
 * A short, bounded stand-in for a stored address (hex SHA-256 of its UTF-8 text), computed by the database both
 * when the review page is read and when approval is written: the form carries it instead of the address, which a
 * URL's percent-encoding can make several times longer than any form field cap.
 */
export const addressVersion = sql<string>`encode(sha256(convert_to(${targets.address}, 'UTF8')), 'hex')`;

/** A target as the admin pages list it, with the member it is for (admins may see members' names and e-mails). */
const targetForAdmins = {
  id: targets.id,
  kind: targets.kind,
  label: targets.label,
  address: targets.address,
  memberId: members.id,
  memberName: members.displayName,
  memberEmail: members.email,
};

/** Targets waiting for an admin, oldest first, with who asked (admins may see members' names and e-mails). */
export function listPendingRequests(db: Db, _admin: AdminScope) {
  return db
    .select({ ...targetForAdmins, addressVersion, createdAt: targets.createdAt })
    .from(targets)
    .innerJoin(members, eq(members.id, targets.memberId))
    .where(eq(targets.status, "pending"))
    .orderBy(asc(targets.createdAt), asc(targets.id));
}

/**
 * Targets the probes reach now or once their member resumes them (approved, probed kinds, not already paused for
 * safety): what the daily re-check resolves again. Paused ones are included, or a name moved while paused would
 * be probed again on resume.
 */
export function listProbedTargets(db: Db) {
  return db
    .select({ id: targets.id, kind: targets.kind, address: targets.address, reviewedBy: targets.reviewedBy })
    .from(targets)
    .where(
      and(eq(targets.status, "active"), isNull(targets.guardPausedAt), inArray(targets.kind, ["brick", "ping", "tcp"])),
    )
    .orderBy(asc(targets.id));
}

/** Targets the re-check paused because their name now reaches a refused address, newest first, with whose they are. */
export function listGuardPausedTargets(db: Db, _admin: AdminScope) {
  return db
    .select({ ...targetForAdmins, pausedAt: targets.guardPausedAt, reason: targets.guardPauseReason })
    .from(targets)
    .innerJoin(members, eq(members.id, targets.memberId))
    .where(isNotNull(targets.guardPausedAt))
    .orderBy(desc(targets.guardPausedAt), asc(targets.id));
}
