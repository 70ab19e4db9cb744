import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { handledChatEvents } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import {
  claimChatEvent,
  claimRetentionMs,
  commandMaxAgeMs,
  isTooOldToAnswer,
  pruneHandledChatEvents,
} from "./handled-events";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("handled chat events", () => {
  it("claims an event once", async () => {
    expect(await claimChatEvent(handle.db, "$claimed-once")).toBe(true);
    expect(await claimChatEvent(handle.db, "$claimed-once")).toBe(false);
  });

  it("answers commands up to a day old, and keeps claims long after, then forgets them", async () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(isTooOldToAnswer(now.getTime() - commandMaxAgeMs, now.getTime())).toBe(false);
    expect(isTooOldToAnswer(now.getTime() - commandMaxAgeMs - 1, now.getTime())).toBe(true);
    expect(claimRetentionMs).toBeGreaterThan(commandMaxAgeMs);

    const at = (ageMs: number) => new Date(now.getTime() - ageMs);
    await handle.db.insert(handledChatEvents).values([
      { eventId: "$expired", handledAt: at(claimRetentionMs + 60_000) },
      { eventId: "$recent", handledAt: at(commandMaxAgeMs) },
    ]);
    expect(await pruneHandledChatEvents(handle.db, now)).toBe(1);
    // A replayed recent event is still recognised; the forgotten one could be claimed again, but is too old to answer.
    expect(await claimChatEvent(handle.db, "$recent")).toBe(false);
    expect(await claimChatEvent(handle.db, "$expired")).toBe(true);
  });
});
