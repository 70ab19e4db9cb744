import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { findMemberOfConversation, findMemberSettings } from "./data";
import { unlinkConversation, updateMemberSettings } from "./mutations";
import { parseSettingsForm, type SettingsFormValues, settingsFormValuesOf } from "./settings-schema";

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };

const form: SettingsFormValues = {
  quietEnabled: true,
  weekdays: ["1", "2", "3", "4", "5"],
  start: "22:00",
  end: "07:00",
  criticalPassesThrough: true,
  repeatInterval: "2h",
  messageRetentionDays: "14",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedMember(handle.db);
  bob = await seedMember(handle.db);
});
afterAll(() => handle.close());

describe("parseSettingsForm", () => {
  it("reads quiet hours, repeat interval and retention", () => {
    expect(parseSettingsForm(form)).toEqual({
      ok: true,
      input: {
        quietHours: { weekdays: [1, 2, 3, 4, 5], start: "22:00", end: "07:00", criticalPassesThrough: true },
        repeatInterval: "2h",
        messageRetentionDays: 14,
      },
    });
    expect(parseSettingsForm({ ...form, quietEnabled: false, weekdays: [], start: "" })).toMatchObject({
      ok: true,
      input: { quietHours: null },
    });
  });

  it("reports every wrong field at once", () => {
    expect(
      parseSettingsForm({ ...form, weekdays: [], start: "7h", repeatInterval: "3h", messageRetentionDays: "366" }),
    ).toEqual({
      ok: false,
      reason: "repeat_interval_invalid",
      fields: {
        weekdays: "weekdays_required",
        start: "time_invalid",
        repeatInterval: "repeat_interval_invalid",
        messageRetentionDays: "retention_invalid",
      },
    });
    expect(parseSettingsForm({ ...form, messageRetentionDays: "" })).toMatchObject({
      ok: false,
      fields: { messageRetentionDays: "retention_invalid" },
    });
    expect(parseSettingsForm({ ...form, messageRetentionDays: "0" })).toMatchObject({
      ok: false,
      fields: { messageRetentionDays: "retention_invalid" },
    });
  });
});

describe("member settings", () => {
  it("saves the member's settings only, and the monitoring snapshot follows", async () => {
    const parsed = parseSettingsForm(form);
    if (!parsed.ok) throw new Error("invalid");
    expect(await updateMemberSettings(handle.db, alice.memberId, parsed.input)).toBe(true);
    expect(await findMemberSettings(handle.db, alice.memberId)).toEqual(parsed.input);
    expect(await findMemberSettings(handle.db, bob.memberId)).toEqual({
      quietHours: null,
      repeatInterval: "4h",
      messageRetentionDays: 30,
    });
    expect(settingsFormValuesOf(parsed.input)).toEqual(form);
    const snapshot = await loadMonitoringSnapshot(handle.db);
    expect(snapshot.members.find((m) => m.id === alice.memberId)).toMatchObject({
      repeatInterval: "2h",
      quietHours: parsed.input.quietHours,
    });
    expect(await updateMemberSettings(handle.db, "m_nobody", parsed.input)).toBe(false);
  });

  it("offers quiet hours that save as first offered: every night checked, so ticking the box is enough", async () => {
    const stored = await findMemberSettings(handle.db, bob.memberId);
    if (!stored) throw new Error("no settings");
    const offered = settingsFormValuesOf(stored);
    expect(offered).toMatchObject({ quietEnabled: false, weekdays: ["1", "2", "3", "4", "5", "6", "0"] });
    expect(parseSettingsForm({ ...offered, quietEnabled: true })).toMatchObject({
      ok: true,
      input: { quietHours: { weekdays: [0, 1, 2, 3, 4, 5, 6], start: "22:00", end: "07:00" } },
    });
  });

  it("unlinks only the member's own channel", async () => {
    const channelId = await seedMatrixChannel(handle.db, alice.memberId, { roomId: "!a:example.org" });
    expect(await unlinkConversation(handle.db, bob.memberId, channelId)).toBe(false);
    const linked = await findMemberOfConversation(handle.db, {
      channelType: "matrix",
      sender: `@${channelId}:example.org`,
      roomId: "!a:example.org",
    });
    expect(linked).toMatchObject({ memberId: alice.memberId, channelId });
    expect(await unlinkConversation(handle.db, alice.memberId, channelId)).toBe(true);
    const [row] = await handle.db.select().from(channels).where(eq(channels.id, channelId));
    expect(row).toMatchObject({ verifiedAt: null, roomId: null });
  });
});
