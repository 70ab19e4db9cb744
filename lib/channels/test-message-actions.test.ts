import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { signInViewer, testDatabase, testViewer } from "@/lib/testing/session";
import { sendTestMessageAction } from "./test-message-actions";
import { testMessageLimits } from "./test-message-limit";

vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());

let handle: DbHandle;
let alice: string;
let bob: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = (await upsertMemberFromOidc(handle.db, { subject: "alice-test-message", isAdmin: false })).id;
  bob = (await upsertMemberFromOidc(handle.db, { subject: "bob-test-message", isAdmin: false })).id;
});
afterAll(() => handle.close());

/** A Mattermost channel of the member; verified unless told otherwise, disabled when told so. */
async function channelOf(memberId: string, state: "verified" | "pending" | "disabled" = "verified") {
  const id = newId("c");
  await handle.db.insert(channels).values({
    id,
    memberId,
    type: "mattermost",
    address: `user-${id}`,
    roomId: `dm-${id}`,
    verifiedAt: state === "verified" ? new Date() : null,
    disabledAt: state === "disabled" ? new Date() : null,
    disabledReason: state === "disabled" ? "mattermost: HTTP 403" : null,
  });
  return id;
}
const outboxOf = (channelId: string) =>
  handle.db.select().from(notifications).where(eq(notifications.channelId, channelId));

describe("sendTestMessageAction", () => {
  it("queues one test notice in the outbox for a verified channel of the caller", async () => {
    const channelId = await channelOf(alice);
    signInViewer(alice);
    expect(await sendTestMessageAction(channelId)).toEqual({ ok: true });
    const rows = await outboxOf(channelId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      memberId: alice,
      deliveryState: "pending",
      alerts: [],
      notice: { type: "channel_test", channelType: "mattermost", address: `user-${channelId}` },
    });
  });

  it("finds no channel of another member, and queues nothing there", async () => {
    const bobs = await channelOf(bob);
    signInViewer(alice);
    expect(await sendTestMessageAction(bobs)).toEqual({ ok: false, reason: "channel_not_found" });
    expect(await sendTestMessageAction("not an id")).toMatchObject({ ok: false, reason: "channel_not_found" });
    expect(await outboxOf(bobs)).toEqual([]);
  });

  it.each(["pending", "disabled"] as const)("refuses a %s channel", async (state) => {
    const channelId = await channelOf(alice, state);
    signInViewer(alice);
    expect(await sendTestMessageAction(channelId)).toEqual({ ok: false, reason: "channel_not_verified" });
    expect(await outboxOf(channelId)).toEqual([]);
  });

  it("refuses without a session", async () => {
    const channelId = await channelOf(alice);
    testViewer.current = null;
    expect(await sendTestMessageAction(channelId)).toMatchObject({ ok: false, reason: "unexpected" });
    expect(await outboxOf(channelId)).toEqual([]);
  });

  it("allows one test per channel and minute, and says how long to wait", async () => {
    const channelId = await channelOf(bob);
    signInViewer(bob);
    expect(await sendTestMessageAction(channelId)).toEqual({ ok: true });
    const refused = await sendTestMessageAction(channelId);
    expect(refused).toMatchObject({ ok: false, reason: "test_message_cooldown" });
    const seconds = refused.ok ? 0 : (refused.values?.seconds ?? 0);
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await outboxOf(channelId)).toHaveLength(1);
  });

  it("limits a member's tests over all their channels per hour", async () => {
    const { id: carol } = await upsertMemberFromOidc(handle.db, { subject: "carol-test-message", isAdmin: false });
    signInViewer(carol);
    for (let sent = 0; sent < testMessageLimits.perMember.limit; sent += 1) {
      expect(await sendTestMessageAction(await channelOf(carol))).toEqual({ ok: true });
    }
    const extra = await channelOf(carol);
    const refused = await sendTestMessageAction(extra);
    expect(refused).toMatchObject({ ok: false, reason: "test_message_member_limit" });
    expect(refused.ok ? 0 : refused.values?.minutes).toBeGreaterThan(55);
    expect(await outboxOf(extra)).toEqual([]);
  });
});
