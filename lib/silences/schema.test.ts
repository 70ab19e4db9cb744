import { describe, expect, it } from "vitest";
import { emptySilenceValues, parseBrusselsDateTime, parseSilenceDuration, parseSilenceForm } from "./schema";

const now = new Date("2026-11-27T10:00:00Z");

describe("parseSilenceDuration", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["2h", 2 * 3_600_000],
    ["1d", 86_400_000],
    ["3j", 3 * 86_400_000],
    [" 2 H ", 2 * 3_600_000],
    ["30d", 30 * 86_400_000],
  ])("reads %j", (text, ms) => expect(parseSilenceDuration(text)).toBe(ms));

  it.each(["", "0m", "31d", "721h", "2", "h", "1.5h", "-1h", "2w"])("refuses %j", (text) =>
    expect(parseSilenceDuration(text)).toBeNull(),
  );
});

describe("parseBrusselsDateTime", () => {
  it("reads form values as Brussels time, summer and winter", () => {
    expect(parseBrusselsDateTime("2026-07-01T12:00")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(parseBrusselsDateTime("2026-01-15T12:00")?.toISOString()).toBe("2026-01-15T11:00:00.000Z");
    expect(parseBrusselsDateTime("2026-03-29T04:00")?.toISOString()).toBe("2026-03-29T02:00:00.000Z");
  });

  it.each(["", "2026-02-30T10:00", "2026-01-15", "tomorrow"])("refuses %j", (value) =>
    expect(parseBrusselsDateTime(value)).toBeNull(),
  );
});

describe("parseSilenceForm", () => {
  it("turns a duration into a silence from now", () => {
    expect(parseSilenceForm({ ...emptySilenceValues, duration: "2h", targetId: "t_1" }, now)).toEqual({
      ok: true,
      input: { kind: "once", targetId: "t_1", comment: "", startsAt: now, endsAt: new Date("2026-11-27T12:00:00Z") },
    });
  });

  it("reports each wrong field of a scheduled window", () => {
    const values = {
      ...emptySilenceValues,
      kind: "window" as const,
      startsAt: "2026-11-28T10:00",
      endsAt: "2026-11-28T09:00",
    };
    expect(parseSilenceForm(values, now)).toEqual({
      ok: false,
      reason: "end_before_start",
      fields: { endsAt: "end_before_start" },
    });
    expect(parseSilenceForm({ ...values, startsAt: "x", endsAt: "2026-11-20T09:00" }, now)).toEqual({
      ok: false,
      reason: "datetime_invalid",
      fields: { startsAt: "datetime_invalid", endsAt: "end_in_past" },
    });
    expect(parseSilenceForm({ ...values, endsAt: "2027-01-28T09:00" }, now)).toEqual({
      ok: false,
      reason: "window_too_long",
      fields: { endsAt: "window_too_long" },
    });
  });

  it("starts a window that already began now", () => {
    const values = {
      ...emptySilenceValues,
      kind: "window" as const,
      startsAt: "2026-11-27T09:00",
      endsAt: "2026-11-27T13:00",
    };
    expect(parseSilenceForm(values, now)).toMatchObject({ ok: true, input: { startsAt: now } });
  });

  it("checks weekly windows: days, times, and start different from end", () => {
    const values = { ...emptySilenceValues, kind: "weekly" as const, weekdays: [], start: "25:00", end: "02:00" };
    expect(parseSilenceForm(values, now)).toEqual({
      ok: false,
      reason: "weekdays_required",
      fields: { weekdays: "weekdays_required", start: "time_invalid" },
    });
    expect(parseSilenceForm({ ...values, weekdays: ["6", "0", "6"], start: "02:00" }, now)).toEqual({
      ok: false,
      reason: "end_same_as_start",
      fields: { end: "end_same_as_start" },
    });
    expect(parseSilenceForm({ ...values, weekdays: ["6", "0", "6"], start: "23:00" }, now)).toEqual({
      ok: true,
      input: {
        kind: "weekly",
        targetId: null,
        comment: "",
        weekly: { weekdays: [0, 6], start: "23:00", end: "02:00" },
      },
    });
  });
});
