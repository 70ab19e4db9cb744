import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { MatrixId } from "./schema";

/** Declares a Matrix account as the member's channel; declaring the same account again returns the same id. */
export async function createMatrixChannel(db: Db, memberId: string, matrixId: MatrixId): Promise<string> {
  const [created] = await db
    .insert(channels)
    .values({ id: newId("c"), memberId, type: "matrix", address: matrixId })
    .onConflictDoNothing({ target: [channels.memberId, channels.type, channels.address] })
    .returning({ id: channels.id });
  if (created) return created.id;
  const [existing] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.memberId, memberId), eq(channels.type, "matrix"), eq(channels.address, matrixId)));
  if (!existing) throw new Error("channel_upsert_failed");
  return existing.id;
}

/** Deletes one of the member's channels (its link tokens go with it); another member's id deletes nothing. */
export async function deleteChannel(db: Db, memberId: string, channelId: string): Promise<boolean> {
  const deleted = await db
    .delete(channels)
    .where(and(eq(channels.id, channelId), eq(channels.memberId, memberId)))
    .returning({ id: channels.id });
  return deleted.length > 0;
}
