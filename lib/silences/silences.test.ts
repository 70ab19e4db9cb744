import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { silences } from "@/lib/db/schema";
import { expireMemberSilence } from "@/lib/monitoring/alertmanager-api";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { listSilences } from "./data";
import { createSilence, expireSilence } from "./mutations";

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };
const now = new Date("2026-11-27T10:00:00Z");
const inTwoHours = new Date("2026-11-27T12:00:00Z");
const once = (targetId: string | null) => ({
  kind: "once" as const,
  targetId,
  startsAt: now,
  endsAt: inTwoHours,
  comment: "",
});

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedMember(handle.db, { targetLabel: "Brique d'Alice" });
  bob = await seedMember(handle.db);
});
afterAll(() => handle.close());

describe("createSilence", () => {
  it("sends a one-off silence to Alertmanager on the member (and target) only, and mirrors it", async () => {
    const am = createFakeAlertmanager();
    const result = await createSilence(handle.db, am.api, alice.memberId, once(alice.targetId));
    expect(result).toMatchObject({ ok: true, kind: "once" });
    expect(am.requests).toHaveLength(1);
    expect(am.requests[0]!.body).toMatchObject({
      matchers: [
        { name: "member", value: alice.memberId, isRegex: false, isEqual: true },
        { name: "target", value: alice.targetId, isRegex: false, isEqual: true },
      ],
      startsAt: now.toISOString(),
      endsAt: inTwoHours.toISOString(),
    });
    const [row] = await handle.db
      .select()
      .from(silences)
      .where(eq(silences.id, result.ok ? result.id : ""));
    expect(row).toMatchObject({ memberId: alice.memberId, alertmanagerId: "am-1", createdVia: "portal", kind: "once" });
  });

  it("silences every target of the member with the member matcher alone", async () => {
    const am = createFakeAlertmanager();
    await createSilence(handle.db, am.api, bob.memberId, once(null), "bot");
    expect((am.requests[0]!.body as { matchers: unknown[] }).matchers).toEqual([
      { name: "member", value: bob.memberId, isRegex: false, isEqual: true },
    ]);
  });

  it("refuses another member's target id without calling Alertmanager or storing anything", async () => {
    const am = createFakeAlertmanager();
    const before = await handle.db.select().from(silences);
    expect(await createSilence(handle.db, am.api, alice.memberId, once(bob.targetId))).toEqual({
      ok: false,
      reason: "target_not_found",
      fields: { targetId: "target_not_found" },
    });
    expect(
      await createSilence(handle.db, am.api, alice.memberId, {
        kind: "weekly",
        targetId: bob.targetId,
        weekly: { weekdays: [1], start: "01:00", end: "02:00" },
        comment: "",
      }),
    ).toMatchObject({ ok: false });
    expect(am.requests).toEqual([]);
    expect(await handle.db.select().from(silences)).toHaveLength(before.length);
  });

  it("refuses one-off silences clearly when no Alertmanager is configured", async () => {
    expect(await createSilence(handle.db, null, alice.memberId, once(null))).toEqual({
      ok: false,
      reason: "alertmanager_unavailable",
    });
  });

  it("stores weekly silences for the monitoring config, without Alertmanager", async () => {
    const weekly = { weekdays: [0], start: "03:00", end: "05:00" };
    const result = await createSilence(handle.db, null, alice.memberId, {
      kind: "weekly",
      targetId: alice.targetId,
      weekly,
      comment: "",
    });
    expect(result).toMatchObject({ ok: true, kind: "weekly" });
    const snapshot = await loadMonitoringSnapshot(handle.db);
    expect(snapshot.members.find((m) => m.id === alice.memberId)?.weeklySilences).toEqual([
      { targetId: alice.targetId, window: weekly },
    ]);
    expect(snapshot.members.find((m) => m.id === bob.memberId)?.weeklySilences).toEqual([]);
  });
});

describe("expireSilence", () => {
  it("finds nothing with another member's silence id, and expires the member's own", async () => {
    const am = createFakeAlertmanager();
    const created = await createSilence(handle.db, am.api, alice.memberId, once(null));
    if (!created.ok) throw new Error("not created");
    expect(await expireSilence(handle.db, am.api, bob.memberId, created.id, now)).toEqual({
      ok: false,
      reason: "silence_not_found",
    });
    expect(am.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    expect(await expireSilence(handle.db, am.api, alice.memberId, created.id, now)).toEqual({ ok: true, kind: "once" });
    expect(am.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual(["/api/v2/silence/am-1"]);
    expect(await expireSilence(handle.db, am.api, alice.memberId, created.id, now)).toEqual({
      ok: false,
      reason: "silence_not_found",
    });
  });

  it("never deletes an Alertmanager silence that is not the member's", async () => {
    const am = createFakeAlertmanager();
    await createSilence(handle.db, am.api, bob.memberId, once(null));
    expect(await expireMemberSilence(am.api, alice.memberId, "am-1")).toBe(false);
    expect(am.silences.get("am-1")?.state).toBe("active");
  });
});

describe("listSilences", () => {
  it("lists only the member's silences, with target labels and states", async () => {
    const am = createFakeAlertmanager();
    const later = {
      kind: "once" as const,
      targetId: null,
      startsAt: inTwoHours,
      endsAt: new Date("2026-11-27T14:00:00Z"),
      comment: "",
    };
    await createSilence(handle.db, am.api, bob.memberId, later);
    const bobs = await listSilences(handle.db, bob.memberId, now);
    expect(bobs.map((s) => s.state)).toContain("upcoming");
    expect(bobs.every((s) => s.targetId === null || s.targetId === bob.targetId)).toBe(true);
    const alices = await listSilences(handle.db, alice.memberId, now);
    expect(alices.find((s) => s.kind === "weekly")).toMatchObject({
      state: "recurring",
      targetLabel: "Brique d'Alice",
    });
    expect(alices.some((s) => s.state === "ended")).toBe(true);
    expect(alices.map((s) => s.state)).toEqual([...alices.map((s) => s.state)].sort((a, b) => order[a] - order[b]));
  });
});

const order = { active: 0, upcoming: 1, recurring: 2, ended: 3 } as const;
