import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";

export function listTargetsForMember(db: Db, memberId: string) {
  return db
    .select({ id: targets.id, kind: targets.kind, label: targets.label, address: targets.address, createdAt: targets.createdAt })
    .from(targets)
    .where(eq(targets.memberId, memberId))
    .orderBy(asc(targets.createdAt), asc(targets.id));
}
