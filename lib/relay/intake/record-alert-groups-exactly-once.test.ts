import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { recordAlertGroup, recordAlertGroups } from "./record-alert-groups";
import type { WebhookPayload } from "./webhook-payload";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

/** Every (alert, state) the member's channel was told, in outbox order. */
async function toldChanges(memberIds: string[]) {
  const rows = await handle.db.select().from(notifications).where(inArray(notifications.memberId, memberIds));
  return rows.flatMap((row) =>
    row.alerts.map(
      (alert) => `${row.memberId} ${alert.fingerprint} ${alert.status}${alert.reminder ? " reminder" : ""}`,
    ),
  );
}

const firing = (memberId: string, fingerprints: string[]) =>
  alertGroupPayload(memberId, { alerts: fingerprints.map((fingerprint) => ({ fingerprint })) });
const resolved = (memberId: string, fingerprints: string[]) =>
  alertGroupPayload(memberId, { status: "resolved", alerts: fingerprints.map((fingerprint) => ({ fingerprint })) });

describe("each state change reaches the member once", () => {
  it("survives two clustered peers posting overlapping group states in any order, at the same time", async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => seedMember(handle.db)));
    for (const { memberId } of members) await seedMatrixChannel(handle.db, memberId);
    const posts: WebhookPayload[] = members.flatMap(({ memberId }) => {
      // Peer A saw aa then aa+bb; peer B only aa+bb. Both post every state; both post the resolution.
      const states = [firing(memberId, ["aa"]), firing(memberId, ["aa", "bb"]), firing(memberId, ["aa", "bb"])];
      return [...states, ...states.map((payload) => structuredClone(payload))];
    });
    await Promise.all(posts.map((payload) => recordAlertGroup(handle.db, payload)));
    const ends = members.flatMap(({ memberId }) => [
      resolved(memberId, ["aa", "bb"]),
      resolved(memberId, ["aa", "bb"]),
    ]);
    await Promise.all(ends.map((payload) => recordAlertGroup(handle.db, payload)));
    // A peer late with its firing must not reopen anything.
    await Promise.all(members.map(({ memberId }) => recordAlertGroup(handle.db, firing(memberId, ["aa", "bb"]))));

    const told = (await toldChanges(members.map((m) => m.memberId))).sort();
    const expected = members
      .flatMap(({ memberId }) => ["aa", "bb"].flatMap((f) => [`${memberId} ${f} firing`, `${memberId} ${f} resolved`]))
      .sort();
    expect(told).toEqual(expected);
  });

  it("decides the groups of one batch in order, as if they had come one by one", async () => {
    const [told, silent] = await Promise.all([seedMember(handle.db), seedMember(handle.db)]);
    await seedMatrixChannel(handle.db, told.memberId);
    const batch = [
      firing(told.memberId, ["aa"]),
      firing(silent.memberId, ["aa"]),
      structuredClone(firing(told.memberId, ["aa"])),
      firing(told.memberId, ["aa", "bb"]),
      resolved(told.memberId, ["aa", "bb"]),
      firing(told.memberId, ["aa", "bb"]),
    ];
    expect(await recordAlertGroups(handle.db, batch)).toEqual([1, 0, 0, 1, 1, 0]);
    expect(await toldChanges([told.memberId, silent.memberId])).toEqual([
      `${told.memberId} aa firing`,
      `${told.memberId} bb firing`,
      `${told.memberId} aa resolved`,
      `${told.memberId} bb resolved`,
    ]);
    // The batch remembered what it told: the peer's late copies bring nothing.
    expect(
      await recordAlertGroups(handle.db, [resolved(told.memberId, ["aa", "bb"]), firing(told.memberId, ["bb"])]),
    ).toEqual([0, 0]);
  });

  it("runs overlapping batches at the same time without deadlock or a second message", async () => {
    const members = await Promise.all(Array.from({ length: 10 }, () => seedMember(handle.db)));
    for (const { memberId } of members) await seedMatrixChannel(handle.db, memberId);
    // Each batch names every member in its own order: locks taken in posting order would deadlock on PostgreSQL.
    const batches = Array.from({ length: 6 }, (_, shift) =>
      members.map((_, index) => firing(members[(index * (shift + 1) + shift) % members.length]!.memberId, ["aa"])),
    );
    const stored = await Promise.all(batches.map((batch) => recordAlertGroups(handle.db, batch)));
    expect(stored.flat().reduce((sum, count) => sum + count, 0)).toBe(members.length);
    expect((await toldChanges(members.map((m) => m.memberId))).sort()).toEqual(
      members.map(({ memberId }) => `${memberId} aa firing`).sort(),
    );
  });

  it("tells a still-firing alert again once the member's repeat interval is due", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    const start = new Date("2026-11-27T08:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    await recordAlertGroup(handle.db, firing(memberId, ["aa"]), start);
    // Alertmanager's default member repeat interval is 4 h: a copy after 5 min is a peer's, after 4 h a repeat.
    expect(await recordAlertGroup(handle.db, firing(memberId, ["aa"]), at(5))).toBe(0);
    expect(await recordAlertGroup(handle.db, firing(memberId, ["aa"]), at(240))).toBe(1);
    expect(await recordAlertGroup(handle.db, firing(memberId, ["aa"]), at(242))).toBe(0);
    expect(await toldChanges([memberId])).toEqual([`${memberId} aa firing`, `${memberId} aa firing reminder`]);
    const reminder = (await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId))).find(
      (row) => row.alerts.some((alert) => alert.reminder),
    );
    expect(reminder?.alertStatus).toBe("firing");
  });

  it("keeps nothing for a member with no usable channel, so a later channel still hears of the alert", async () => {
    const { memberId } = await seedMember(handle.db);
    expect(await recordAlertGroup(handle.db, firing(memberId, ["aa"]))).toBe(0);
    await seedMatrixChannel(handle.db, memberId);
    expect(await recordAlertGroup(handle.db, firing(memberId, ["aa"]))).toBe(1);
  });
});
