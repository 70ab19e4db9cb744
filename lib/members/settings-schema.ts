import { z } from "zod";
import { isReason, type Parsed, type Reason, refuseFields } from "@/lib/action-result";
import type { QuietHours } from "@/lib/db/schema";
import { weeklyWindowSchema } from "@/lib/silences/schema";
import { controlCharactersError, hasControlCharacters } from "@/lib/text-input";

/** Choices offered for resending a still-firing alert (Alertmanager durations). */
export const repeatIntervals = ["30m", "1h", "2h", "4h", "8h", "12h", "24h"] as const;

export type SettingsField = "quietEnabled" | "weekdays" | "start" | "end" | "repeatInterval" | "messageRetentionDays";
export type SettingsFieldErrors = Partial<Record<SettingsField, Reason>>;
export type MemberSettings = { quietHours: QuietHours | null; repeatInterval: string; messageRetentionDays: number };

/** As typed in the form, so a refused form shows it again. */
export type SettingsFormValues = {
  quietEnabled: boolean;
  weekdays: string[];
  start: string;
  end: string;
  criticalPassesThrough: boolean;
  repeatInterval: string;
  messageRetentionDays: string;
};

const retention = z.coerce
  .number({ error: "retention_invalid" })
  .int({ error: "retention_invalid" })
  .min(1, { error: "retention_invalid" })
  .max(365, { error: "retention_invalid" });

export function parseSettingsForm(values: SettingsFormValues): Parsed<MemberSettings, SettingsField> {
  const errors: SettingsFieldErrors = {};
  // Every field the form sends gets the input schemas' control-character rule first, quiet hours on or off.
  for (const field of ["start", "end", "repeatInterval", "messageRetentionDays"] as const) {
    if (hasControlCharacters(values[field])) errors[field] = controlCharactersError;
  }
  if (values.weekdays.some((day) => hasControlCharacters(day))) errors.weekdays = controlCharactersError;
  if (Object.keys(errors).length > 0) return refuseFields(errors);
  const repeat = z.enum(repeatIntervals).safeParse(values.repeatInterval);
  if (!repeat.success) errors.repeatInterval = "repeat_interval_invalid";
  const days = retention.safeParse(values.messageRetentionDays.trim() === "" ? undefined : values.messageRetentionDays);
  if (!days.success) errors.messageRetentionDays = "retention_invalid";
  let quietHours: QuietHours | null = null;
  if (values.quietEnabled) {
    const window = weeklyWindowSchema.safeParse({ weekdays: values.weekdays, start: values.start, end: values.end });
    if (window.success) quietHours = { ...window.data, criticalPassesThrough: values.criticalPassesThrough };
    else
      for (const issue of window.error.issues) {
        const field = issue.path[0] as "weekdays" | "start" | "end";
        errors[field] ??=
          field === "weekdays" ? "weekdays_required" : isReason(issue.message) ? issue.message : "unexpected";
      }
  }
  if (Object.keys(errors).length > 0 || !repeat.success || !days.success) return refuseFields(errors);
  return { ok: true, input: { quietHours, repeatInterval: repeat.data, messageRetentionDays: days.data } };
}

export function settingsFormValuesFrom(form: FormData): SettingsFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    quietEnabled: form.get("quietEnabled") === "on",
    weekdays: form.getAll("weekdays").map(String),
    start: text("start"),
    end: text("end"),
    criticalPassesThrough: form.get("criticalPassesThrough") === "on",
    repeatInterval: text("repeatInterval"),
    messageRetentionDays: text("messageRetentionDays"),
  };
}

/**
 * The days quiet hours first offer: every night, as the offered 22:00–07:00 is a night's sleep, which weekends
 * have too; a member who wants weekdays only unticks two. Ticking "quiet hours" then saving works at once.
 */
const everyNight = ["1", "2", "3", "4", "5", "6", "0"];

export function settingsFormValuesOf(settings: MemberSettings): SettingsFormValues {
  return {
    quietEnabled: settings.quietHours !== null,
    weekdays: settings.quietHours ? settings.quietHours.weekdays.map(String) : everyNight,
    start: settings.quietHours?.start ?? "22:00",
    end: settings.quietHours?.end ?? "07:00",
    criticalPassesThrough: settings.quietHours?.criticalPassesThrough ?? true,
    repeatInterval: settings.repeatInterval,
    messageRetentionDays: String(settings.messageRetentionDays),
  };
}
