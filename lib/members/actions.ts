"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction, memberFormAction } from "@/lib/action";
import type { Parsed } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { locales } from "@/lib/i18n/config";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { setMemberLocale, updateMemberSettings } from "./mutations";
import {
  type MemberSettings,
  parseSettingsForm,
  type SettingsField,
  type SettingsFormValues,
  settingsFormValuesFrom,
} from "./settings-schema";

/** The bot answers and alerts in the language the member last chose in the portal. */
export const rememberLocaleAction = memberAction({
  input: z.enum(locales),
  run: async (locale, scope) => {
    await setMemberLocale(await db(), scope.memberId, locale);
    return { ok: true };
  },
});

/** The settings, and the form as typed: a saved form shows what was typed, quiet hours off or on. */
function parseSettings(
  form: FormData,
): Parsed<{ settings: MemberSettings; values: SettingsFormValues }, SettingsField> {
  const values = settingsFormValuesFrom(form);
  const parsed = parseSettingsForm(values);
  return parsed.ok ? { ok: true, input: { settings: parsed.input, values } } : parsed;
}

/** Quiet hours and the repeat interval change the member's Alertmanager route, hence the monitoring sync. */
export const saveSettingsAction = memberFormAction({
  input: parseSettings,
  typed: settingsFormValuesFrom,
  run: async ({ settings, values }, scope) => {
    await updateMemberSettings(await db(), scope.memberId, settings);
    requestMonitoringSync();
    revalidatePath("/[locale]/settings", "page");
    return { ok: true, formValues: values };
  },
});
