import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { alertStates, channels, linkTokens, members, notifications, silences, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { exportMemberData } from "./data";
import { deleteAccount } from "./delete-account";

type Seeded = { memberId: string; targetId: string; channelId: string };
let handle: DbHandle;
let alice: Seeded;
let bob: Seeded;

/** A member with every kind of row that belongs to them, secrets included. */
async function seedEverything(name: string): Promise<Seeded> {
  const { memberId, targetId } = await seedMember(handle.db, { targetLabel: `${name}'s brick` });
  await handle.db
    .update(members)
    .set({ email: `${name}@example.org`, displayName: name })
    .where(eq(members.id, memberId));
  await handle.db.update(targets).set({ reviewedBy: "m_admin" }).where(eq(targets.id, targetId));
  const channelId = await seedMatrixChannel(handle.db, memberId);
  await handle.db
    .update(channels)
    .set({ secretCiphertext: `secret-of-${name}` })
    .where(eq(channels.id, channelId));
  await handle.db
    .insert(linkTokens)
    .values({ id: newId("l"), channelId, tokenHash: `hash-${name}`, expiresAt: new Date() });
  await handle.db.insert(silences).values({
    id: newId("n"),
    memberId,
    targetId,
    kind: "once",
    createdVia: "portal",
    alertmanagerId: `am-${name}`,
    endsAt: new Date(Date.now() + 3_600_000),
  });
  for (const state of ["sent", "pending"] as const) {
    await handle.db.insert(notifications).values({
      id: newId("n"),
      dedupeKey: newId("n"),
      memberId,
      channelId,
      groupKey: "g",
      alertStatus: "firing",
      deliveryState: state,
      alerts: [],
    });
  }
  await handle.db.insert(alertStates).values({
    memberId,
    fingerprint: `fp-${name}`,
    startsAt: "2026-11-27T00:00:00Z",
    status: "firing",
    alertname: "BlackboxProbeFailed",
    targetId,
    groupKey: "g",
    notifiedAt: new Date(),
  });
  return { memberId, targetId, channelId };
}

async function countRowsOf(memberId: string) {
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    members: await count(handle.db.select().from(members).where(eq(members.id, memberId))),
    targets: await count(handle.db.select().from(targets).where(eq(targets.memberId, memberId))),
    channels: await count(handle.db.select().from(channels).where(eq(channels.memberId, memberId))),
    linkTokens: await count(
      handle.db
        .select()
        .from(linkTokens)
        .innerJoin(channels, eq(linkTokens.channelId, channels.id))
        .where(eq(channels.memberId, memberId)),
    ),
    silences: await count(handle.db.select().from(silences).where(eq(silences.memberId, memberId))),
    notifications: await count(handle.db.select().from(notifications).where(eq(notifications.memberId, memberId))),
    alertStates: await count(handle.db.select().from(alertStates).where(eq(alertStates.memberId, memberId))),
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedEverything("alice");
  bob = await seedEverything("bob");
});
afterAll(() => handle.close());

describe("exportMemberData", () => {
  it("exports the member's own rows and no secret or internal field", async () => {
    const exported = await exportMemberData(handle.db, alice.memberId, new Date("2026-11-27T00:00:00Z"));
    expect(exported).toMatchObject({
      format: "vigie-export/1",
      exportedAt: "2026-11-27T00:00:00.000Z",
      member: { id: alice.memberId, email: "alice@example.org", messageRetentionDays: 30 },
      targets: [{ id: alice.targetId, label: "alice's brick" }],
      channels: [{ id: alice.channelId, type: "matrix" }],
    });
    expect(exported?.silences).toHaveLength(1);
    expect(exported?.notifications).toHaveLength(2);
    expect(exported?.alerts).toEqual([
      expect.objectContaining({ alertname: "BlackboxProbeFailed", targetId: alice.targetId, status: "firing" }),
    ]);
    const text = JSON.stringify(exported);
    for (const hidden of [
      "secret-of-alice",
      "hash-alice",
      "am-alice",
      "m_admin",
      "sub-",
      "oidcSubject",
      "isAdmin",
      "dedupeKey",
      "fp-alice",
    ]) {
      expect(text).not.toContain(hidden);
    }
    for (const other of [bob.memberId, bob.targetId, bob.channelId, "bob"]) expect(text).not.toContain(other);
  });

  it("finds nothing for an unknown member", async () => {
    expect(await exportMemberData(handle.db, "m_nobody")).toBeNull();
  });
});

describe("deleteAccount", () => {
  it("removes everything of the member, leaves the other member untouched and asks for a sync", async () => {
    const requestMonitoringSync = vi.fn();
    const bobBefore = await countRowsOf(bob.memberId);
    expect(await countRowsOf(alice.memberId)).toEqual(bobBefore);

    expect(await deleteAccount(handle.db, alice.memberId, { requestMonitoringSync, alertmanager: null })).toEqual({
      deleted: true,
      silencesExpired: 0,
      silencesFailed: 0,
    });
    expect(await countRowsOf(alice.memberId)).toEqual({
      members: 0,
      targets: 0,
      channels: 0,
      linkTokens: 0,
      silences: 0,
      notifications: 0,
      alertStates: 0,
    });
    expect(await countRowsOf(bob.memberId)).toEqual(bobBefore);
    expect(requestMonitoringSync).toHaveBeenCalledTimes(1);
  });

  it("changes nothing and asks for no sync when the member does not exist", async () => {
    const requestMonitoringSync = vi.fn();
    expect(await deleteAccount(handle.db, "m_nobody", { requestMonitoringSync, alertmanager: null })).toMatchObject({
      deleted: false,
    });
    expect(requestMonitoringSync).not.toHaveBeenCalled();
  });
});
