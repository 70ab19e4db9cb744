import { lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { handledChatEvents } from "@/lib/db/schema";

/**
 * A command older than this is not answered: the bot replays the rooms' recent history when it starts (to catch
 * what was said while it was down), but a day-old "!link" names an expired token and its sender moved on.
 */
export const commandMaxAgeMs = 24 * 60 * 60_000;
/** Claims are kept well past `commandMaxAgeMs`: an event older than that is ignored without one. */
export const claimRetentionMs = 7 * 24 * 60 * 60_000;

export function isTooOldToAnswer(sentAtMs: number, now = Date.now()): boolean {
  return now - sentAtMs > commandMaxAgeMs;
}

/**
 * Records the chat event as handled; false when it already was. Claimed before acting: after a crash a command
 * may go unanswered, but a replayed history can never make the bot answer (or link) twice.
 */
export async function claimChatEvent(db: Db, eventId: string): Promise<boolean> {
  const inserted = await db
    .insert(handledChatEvents)
    .values({ eventId })
    .onConflictDoNothing()
    .returning({ eventId: handledChatEvents.eventId });
  return inserted.length > 0;
}

/** Forgets the claims nothing can replay any more; returns how many. */
export async function pruneHandledChatEvents(db: Db, now = new Date()): Promise<number> {
  const pruned = await db
    .delete(handledChatEvents)
    .where(lt(handledChatEvents.handledAt, new Date(now.getTime() - claimRetentionMs)))
    .returning({ eventId: handledChatEvents.eventId });
  return pruned.length;
}
