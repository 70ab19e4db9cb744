import { z } from "zod";
import { isReason, type Parsed, type Reason, refuseFields } from "@/lib/action-result";
import type { WeeklyWindow } from "@/lib/db/schema";
import { controlCharactersError, hasControlCharacters, recordIdSchema, text } from "@/lib/text-input";

/** Wall-clock times and weekdays are Brussels time, as the members live it (and as Alertmanager renders them). */
export const silenceTimeZone = "Europe/Brussels";
export const maxSilenceMs = 30 * 24 * 60 * 60_000;
const minSilenceMs = 60_000;
const unitMs = { m: 60_000, h: 60 * 60_000, d: 24 * 60 * 60_000 } as const;

/** "30m", "2h", "1d" (also "2 h"); null outside one minute … 30 days or when it is not a duration. */
export function parseSilenceDuration(text: string): number | null {
  const match = /^(\d{1,5})\s*([mhdj])$/i.exec(text.trim());
  if (!match) return null;
  // "j" (jour) is what French speakers type for days.
  const unit = match[2]!.toLowerCase().replace("j", "d") as keyof typeof unitMs;
  const ms = Number(match[1]) * unitMs[unit];
  return ms >= minSilenceMs && ms <= maxSilenceMs ? ms : null;
}

/** Days as `Date.getDay()` numbers them (0 = Sunday); the catalogues name each under `silences.weekdays.<n>`. */
export const weekdays = [0, 1, 2, 3, 4, 5, 6] as const;
export type Weekday = (typeof weekdays)[number];

export const clockTime = text()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "time_invalid" });
export const weekdaysSchema = z
  .array(z.coerce.number().int().min(0).max(6), { error: "weekdays_required" })
  .min(1, { error: "weekdays_required" })
  .transform((days) => [...new Set(days)].sort((a, b) => a - b));

/** A weekly window; start = end would be empty or all day, both surprising, so it is refused. */
export const weeklyWindowSchema = z
  .object({ weekdays: weekdaysSchema, start: clockTime, end: clockTime })
  .refine((window) => window.start !== window.end, { error: "end_same_as_start", path: ["end"] });

/** Minutes since midnight in Brussels time, and the local date, for a "YYYY-MM-DDTHH:MM" form value. */
const localDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function zoneOffsetMs(instant: number): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: silenceTimeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (
    Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) -
    Math.floor(instant / 1000) * 1000
  );
}

/** A `datetime-local` value read as Brussels time; null when malformed. */
export function parseBrusselsDateTime(value: string): Date | null {
  const match = localDateTime.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day || new Date(wall).getUTCMonth() !== month - 1) return null;
  // Two passes settle the offset on both sides of a daylight-saving change.
  const first = wall - zoneOffsetMs(wall);
  return new Date(wall - zoneOffsetMs(first));
}

export const silenceKinds = ["duration", "window", "weekly"] as const;
export type SilenceFormKind = (typeof silenceKinds)[number];
export type SilenceField =
  | "kind"
  | "duration"
  | "startsAt"
  | "endsAt"
  | "weekdays"
  | "start"
  | "end"
  | "targetId"
  | "comment";
/** What the form sends, kept as typed so a refused form shows it again. */
export type SilenceFormValues = {
  kind: SilenceFormKind;
  duration: string;
  startsAt: string;
  endsAt: string;
  weekdays: string[];
  start: string;
  end: string;
  targetId: string;
  comment: string;
};
export const emptySilenceValues: SilenceFormValues = {
  kind: "duration",
  duration: "2h",
  startsAt: "",
  endsAt: "",
  weekdays: [],
  start: "",
  end: "",
  targetId: "",
  comment: "",
};

/** A checked request: either a one-off interval or a weekly window, on one target or all of them (null). */
export type SilenceRequest =
  | { kind: "once"; targetId: string | null; startsAt: Date; endsAt: Date; comment: string }
  | { kind: "weekly"; targetId: string | null; weekly: WeeklyWindow; comment: string };

export type ParsedSilence = Parsed<SilenceRequest, SilenceField>;

const comment = text().trim().max(200, { error: "comment_too_long" });

/** Validates the form against `now`; errors are codes per field, translated by the page. */
export function parseSilenceForm(values: SilenceFormValues, now: Date): ParsedSilence {
  const errors: Partial<Record<SilenceField, Reason>> = {};
  // Fields read by hand-written parsers below get the schemas' control-character rule here, before any of them.
  for (const field of ["duration", "startsAt", "endsAt", "start", "end", "targetId"] as const) {
    if (hasControlCharacters(values[field])) errors[field] = controlCharactersError;
  }
  if (values.weekdays.some((day) => hasControlCharacters(day))) errors.weekdays = controlCharactersError;
  if (hasControlCharacters(values.comment)) errors.comment = controlCharactersError;
  if (Object.keys(errors).length > 0) return refuseFields(errors);
  const parsedComment = comment.safeParse(values.comment);
  if (!parsedComment.success) errors.comment = "comment_too_long";
  const base = { targetId: values.targetId.trim() || null, comment: parsedComment.data ?? "" };

  if (values.kind === "duration") {
    const ms = parseSilenceDuration(values.duration);
    if (ms === null) errors.duration = "duration_invalid";
    if (Object.keys(errors).length > 0 || ms === null) return refuseFields(errors);
    return { ok: true, input: { kind: "once", ...base, startsAt: now, endsAt: new Date(now.getTime() + ms) } };
  }
  if (values.kind === "window") {
    const startsAt = parseBrusselsDateTime(values.startsAt);
    const endsAt = parseBrusselsDateTime(values.endsAt);
    if (!startsAt) errors.startsAt = "datetime_invalid";
    if (!endsAt) errors.endsAt = "datetime_invalid";
    else if (endsAt <= now) errors.endsAt = "end_in_past";
    else if (startsAt && endsAt <= startsAt) errors.endsAt = "end_before_start";
    else if (startsAt && endsAt.getTime() - Math.max(startsAt.getTime(), now.getTime()) > maxSilenceMs)
      errors.endsAt = "window_too_long";
    if (Object.keys(errors).length > 0 || !startsAt || !endsAt) return refuseFields(errors);
    // A window that already began starts now: Alertmanager refuses a start in the past.
    return { ok: true, input: { kind: "once", ...base, startsAt: startsAt < now ? now : startsAt, endsAt } };
  }
  const weekly = weeklyWindowSchema.safeParse({ weekdays: values.weekdays, start: values.start, end: values.end });
  if (!weekly.success) {
    for (const issue of weekly.error.issues) {
      const field = issue.path[0] as "weekdays" | "start" | "end";
      errors[field] ??=
        field === "weekdays" ? "weekdays_required" : isReason(issue.message) ? issue.message : "unexpected";
    }
  }
  if (Object.keys(errors).length > 0 || !weekly.success) return refuseFields(errors);
  return { ok: true, input: { kind: "weekly", ...base, weekly: weekly.data } };
}

export function silenceFormValuesFrom(form: FormData): SilenceFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  const kind = text("kind");
  return {
    kind: (silenceKinds as readonly string[]).includes(kind) ? (kind as SilenceFormKind) : "duration",
    duration: text("duration"),
    startsAt: text("startsAt"),
    endsAt: text("endsAt"),
    weekdays: form.getAll("weekdays").map(String),
    start: text("start"),
    end: text("end"),
    targetId: text("targetId"),
    comment: text("comment"),
  };
}

/** The silence a row's "expire" button posts. */
export const expireSilenceSchema = z.object({ silenceId: recordIdSchema });
