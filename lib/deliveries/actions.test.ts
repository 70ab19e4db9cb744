import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { handleFailedDeliveryAction, type FailedDeliveryState } from "./actions";
import { seedAdmin, seedNotification } from "@/lib/testing/deliveries";

// The action runs as whoever `currentViewer()` says: each test signs in as the caller it needs.
const session = vi.hoisted(() => ({ viewer: null as null | { memberId: string; isAdmin: boolean }, handle: null as null | { db: unknown } }));
vi.mock("@/lib/auth", () => ({ currentViewer: async () => session.viewer && { ...session.viewer, locale: "fr", displayName: null } }));
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), db: async () => session.handle!.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

let handle: DbHandle;
let admin: string;
let member: string;
let channel: string;
const idle: FailedDeliveryState = { done: null, failure: null };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const stateOf = async (id: string) => (await handle.db.select({ state: notifications.deliveryState }).from(notifications).where(eq(notifications.id, id)))[0]?.state;

beforeAll(async () => {
  handle = await createTestDatabase();
  session.handle = handle;
  admin = await seedAdmin(handle.db);
  member = (await seedMember(handle.db)).memberId;
  channel = await seedMatrixChannel(handle.db, member);
});
afterAll(() => handle.close());

describe("handleFailedDeliveryAction", () => {
  it("refuses a member who is not an admin, and a demoted admin id forged as admin", async () => {
    const id = await seedNotification(handle.db, { memberId: member, channelId: channel, state: "dead", groupKey: "a" });
    session.viewer = { memberId: member, isAdmin: false };
    expect(await handleFailedDeliveryAction(idle, form({ notificationId: id, intent: "discard" }))).toEqual({
      done: null, failure: { notificationId: id, error: "not_admin" },
    });
    session.viewer = { memberId: member, isAdmin: true };
    expect((await handleFailedDeliveryAction(idle, form({ notificationId: id, intent: "retry" }))).failure?.error).toBe("not_admin");
    expect(await stateOf(id)).toBe("dead");
  });

  it("retries and discards for an admin", async () => {
    session.viewer = { memberId: admin, isAdmin: true };
    const retried = await seedNotification(handle.db, { memberId: member, channelId: channel, state: "dead", groupKey: "b" });
    const discarded = await seedNotification(handle.db, { memberId: member, channelId: channel, state: "dead", groupKey: "c" });
    expect(await handleFailedDeliveryAction(idle, form({ notificationId: retried, intent: "retry" }))).toEqual({
      done: { action: "retried", notificationId: retried }, failure: null,
    });
    expect(await handleFailedDeliveryAction(idle, form({ notificationId: discarded, intent: "discard" }))).toEqual({
      done: { action: "discarded", notificationId: discarded }, failure: null,
    });
    expect([await stateOf(retried), await stateOf(discarded)]).toEqual(["pending", undefined]);
  });

  it("answers a malformed post with a value", async () => {
    session.viewer = { memberId: admin, isAdmin: true };
    expect((await handleFailedDeliveryAction(idle, form({ notificationId: "n_1", intent: "drop" }))).failure?.error).toBe("unexpected");
  });
});
