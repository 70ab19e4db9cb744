import { count, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db/client";
import { channels, members, targets } from "@/lib/db/schema";
import { exemptFromQuota, ownedBy } from "@/lib/policy";

export type QuotaVerdict = { ok: true } | { ok: false; limit: number };

const owned = { targets, channels } as const;

/**
 * Locks the member's row until the transaction ends, then counts what they already own. Two concurrent creations
 * queue on that lock and the second one's count (a new statement, so a new snapshot) sees the first one's row:
 * they cannot both take the last slot. `no key update` still lets other transactions insert rows referencing the
 * member, as the intake does. Admins are exempt (`exemptFromQuota`).
 */
export async function checkMemberQuota(
  tx: Tx,
  memberId: string,
  kind: keyof typeof owned,
  limit: number,
): Promise<QuotaVerdict> {
  const [member] = await tx
    .select({ isAdmin: members.isAdmin })
    .from(members)
    .where(eq(members.id, memberId))
    .for("no key update");
  // An unknown member owns nothing; the insert that follows fails on its foreign key.
  if (!member || exemptFromQuota(member)) return { ok: true };
  const table = owned[kind];
  const [row] = await tx.select({ n: count() }).from(table).where(ownedBy(table, memberId));
  return (row?.n ?? 0) < limit ? { ok: true } : { ok: false, limit };
}
