import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { saveSettingsAction } from "@/lib/members/actions";
import { findMemberSettings } from "@/lib/members/data";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { monitoringSyncs, signInViewer, testDatabase, testViewer } from "@/lib/testing/session";
import { createSilenceAction, expireSilenceAction } from "./actions";
import { listSilences } from "./data";
import { emptySilenceValues } from "./schema";

// The actions run as whoever `currentViewer()` says: the tests sign in as the member they need.
const alertmanager = vi.hoisted(() => ({ api: null as unknown }));
vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("./alertmanager-from-env", () => ({ alertmanagerApiFromEnv: () => alertmanager.api }));
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };
let am: ReturnType<typeof createFakeAlertmanager>;
const idle = null;
const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(key, item);
  return data;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = await seedMember(handle.db);
  bob = await seedMember(handle.db);
});
afterAll(() => handle.close());
beforeEach(() => {
  monitoringSyncs.count = 0;
  am = createFakeAlertmanager();
  alertmanager.api = am.api;
  signInViewer(bob.memberId);
});

describe("silence actions", () => {
  it("refuses another member's target, keeping what was typed, and sends nothing", async () => {
    const state = await createSilenceAction(
      idle,
      form({ kind: "duration", duration: "2h", targetId: alice.targetId, comment: "mine?" }),
    );
    expect(state).toMatchObject({
      ok: false,
      fields: { targetId: "target_not_found" },
      typed: { duration: "2h", comment: "mine?" },
    });
    expect(am.requests).toEqual([]);
  });

  it("cannot expire another member's silence", async () => {
    signInViewer(alice.memberId);
    await createSilenceAction(idle, form({ kind: "weekly", weekdays: ["0", "6"], start: "02:00", end: "04:00" }));
    expect(monitoringSyncs.count).toBe(1);
    const [silence] = await listSilences(handle.db, alice.memberId);
    signInViewer(bob.memberId);
    await expireSilenceAction(idle, form({ silenceId: silence!.id }));
    expect(await listSilences(handle.db, alice.memberId)).toMatchObject([{ id: silence!.id, state: "recurring" }]);
    expect(monitoringSyncs.count).toBe(1);
    signInViewer(alice.memberId);
    await expireSilenceAction(idle, form({ silenceId: silence!.id }));
    expect(await listSilences(handle.db, alice.memberId)).toMatchObject([{ id: silence!.id, state: "ended" }]);
    expect(monitoringSyncs.count).toBe(2);
  });

  it("creates a one-off silence on the caller's own target", async () => {
    const state = await createSilenceAction(idle, form({ kind: "duration", duration: "30m", targetId: bob.targetId }));
    expect(state).toMatchObject({
      ok: true,
      silenceId: expect.any(String),
      formValues: { ...emptySilenceValues, kind: "duration" },
    });
    expect((am.requests[0]!.body as { matchers: { value: string }[] }).matchers.map((m) => m.value)).toEqual([
      bob.memberId,
      bob.targetId,
    ]);
  });

  it("says so when Alertmanager is not configured, and does nothing signed out", async () => {
    alertmanager.api = null;
    expect(await createSilenceAction(idle, form({ kind: "duration", duration: "30m" }))).toMatchObject({
      ok: false,
      reason: "alertmanager_unavailable",
    });
    testViewer.current = null;
    expect(
      await createSilenceAction(idle, form({ kind: "weekly", weekdays: "1", start: "01:00", end: "02:00" })),
    ).toMatchObject({ ok: false });
    expect(await listSilences(handle.db, bob.memberId)).toHaveLength(1);
  });
});

describe("settings action", () => {
  const settingsIdle = null;

  it("saves the caller's settings only and requests a monitoring sync", async () => {
    const state = await saveSettingsAction(
      settingsIdle,
      form({
        quietEnabled: "on",
        weekdays: ["1", "2"],
        start: "23:00",
        end: "06:30",
        repeatInterval: "12h",
        messageRetentionDays: "90",
      }),
    );
    expect(state.ok).toBe(true);
    expect(await findMemberSettings(handle.db, bob.memberId)).toEqual({
      quietHours: { weekdays: [1, 2], start: "23:00", end: "06:30", criticalPassesThrough: false },
      repeatInterval: "12h",
      messageRetentionDays: 90,
    });
    expect(await findMemberSettings(handle.db, alice.memberId)).toMatchObject({
      quietHours: null,
      repeatInterval: "4h",
    });
    expect(monitoringSyncs.count).toBe(1);
  });

  it("keeps everything as it was when one field is wrong", async () => {
    const state = await saveSettingsAction(settingsIdle, form({ repeatInterval: "1h", messageRetentionDays: "400" }));
    expect(state).toMatchObject({
      ok: false,
      fields: { messageRetentionDays: "retention_invalid" },
      typed: { messageRetentionDays: "400" },
    });
    expect(await findMemberSettings(handle.db, bob.memberId)).toMatchObject({
      repeatInterval: "12h",
      messageRetentionDays: 90,
    });
    expect(monitoringSyncs.count).toBe(0);
  });
});
