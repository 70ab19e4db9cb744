import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { members, notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedAdmin, seedNotification } from "@/lib/testing/deliveries";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { testDatabase, testSession } from "@/lib/testing/session";
import { handleFailedDeliveryAction } from "./actions";

// The action runs as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());

let handle: DbHandle;
let admin: string;
let member: string;
let channel: string;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const stateOf = async (id: string) =>
  (
    await handle.db.select({ state: notifications.deliveryState }).from(notifications).where(eq(notifications.id, id))
  )[0]?.state;

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  admin = await seedAdmin(handle.db);
  member = (await seedMember(handle.db)).memberId;
  channel = await seedMatrixChannel(handle.db, member);
});
afterAll(() => handle.close());

describe("handleFailedDeliveryAction", () => {
  it("refuses a member who is not an admin, and an admin demoted since signing in", async () => {
    const id = await seedNotification(handle.db, {
      memberId: member,
      channelId: channel,
      state: "dead",
      groupKey: "a",
    });
    testSession.memberId = member;
    expect(await handleFailedDeliveryAction(null, form({ notificationId: id, intent: "discard" }))).toEqual({
      ok: false,
      reason: "not_admin",
      typed: { notificationId: id },
    });
    expect(await handleFailedDeliveryAction(null, form({ notificationId: id, intent: "retry" }))).toMatchObject({
      reason: "not_admin",
    });
    const demoted = await seedAdmin(handle.db);
    testSession.memberId = demoted;
    await handle.db.update(members).set({ isAdmin: false }).where(eq(members.id, demoted));
    expect(await handleFailedDeliveryAction(null, form({ notificationId: id, intent: "retry" }))).toMatchObject({
      reason: "not_admin",
    });
    expect(await stateOf(id)).toBe("dead");
  });

  it("retries and discards for an admin", async () => {
    testSession.memberId = admin;
    const retried = await seedNotification(handle.db, {
      memberId: member,
      channelId: channel,
      state: "dead",
      groupKey: "b",
    });
    const discarded = await seedNotification(handle.db, {
      memberId: member,
      channelId: channel,
      state: "dead",
      groupKey: "c",
    });
    expect(await handleFailedDeliveryAction(null, form({ notificationId: retried, intent: "retry" }))).toEqual({
      ok: true,
      action: "retried",
      notificationId: retried,
    });
    expect(await handleFailedDeliveryAction(null, form({ notificationId: discarded, intent: "discard" }))).toEqual({
      ok: true,
      action: "discarded",
      notificationId: discarded,
    });
    expect([await stateOf(retried), await stateOf(discarded)]).toEqual(["pending", undefined]);
  });

  it("answers a malformed post with a value", async () => {
    testSession.memberId = admin;
    expect(await handleFailedDeliveryAction(null, form({ notificationId: "n_1", intent: "drop" }))).toMatchObject({
      ok: false,
      reason: "unexpected_nothing_changed",
    });
  });
});
