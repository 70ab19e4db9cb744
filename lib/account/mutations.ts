import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members } from "@/lib/db/schema";

/**
 * Deletes the member; the foreign keys cascade to targets, channels (and their link tokens), silences and
 * notifications, pending ones included, in the same statement. Returns false when there was no such member.
 */
export async function deleteMember(db: Db, memberId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(members).where(eq(members.id, memberId)).returning({ id: members.id });
    return deleted.length > 0;
  });
}
