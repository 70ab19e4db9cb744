import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members, targets } from "@/lib/db/schema";

const memberColumns = {
  id: targets.id,
  kind: targets.kind,
  label: targets.label,
  address: targets.address,
  status: targets.status,
  paused: targets.paused,
  reviewNote: targets.reviewNote,
  createdAt: targets.createdAt,
};

export function listTargetsForMember(db: Db, memberId: string) {
  return db.select(memberColumns).from(targets).where(eq(targets.memberId, memberId)).orderBy(asc(targets.createdAt), asc(targets.id));
}

/** The member's own target, or undefined when the id is someone else's or unknown. */
export async function findTargetForMember(db: Db, memberId: string, targetId: string) {
  const [row] = await db.select(memberColumns).from(targets).where(and(eq(targets.id, targetId), eq(targets.memberId, memberId)));
  return row;
}

/** Targets waiting for an admin, oldest first, with who asked (admins may see members' names and e-mails). */
export function listPendingRequests(db: Db) {
  return db
    .select({
      id: targets.id,
      kind: targets.kind,
      label: targets.label,
      address: targets.address,
      createdAt: targets.createdAt,
      memberId: members.id,
      memberName: members.displayName,
      memberEmail: members.email,
    })
    .from(targets)
    .innerJoin(members, eq(members.id, targets.memberId))
    .where(eq(targets.status, "pending"))
    .orderBy(asc(targets.createdAt), asc(targets.id));
}
