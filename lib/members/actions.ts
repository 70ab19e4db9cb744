"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { locales } from "@/lib/i18n/config";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { setMemberLocale, updateMemberSettings } from "./mutations";
import { parseSettingsForm, settingsFormValuesFrom, type SettingsFieldErrors, type SettingsFormValues } from "./settings-schema";

/** The bot answers and alerts in the language the member last chose in the portal. */
export async function rememberLocaleAction(locale: unknown): Promise<void> {
  const parsed = z.enum(locales).safeParse(locale);
  const viewer = await currentViewer();
  if (!parsed.success || !viewer) return;
  await setMemberLocale(await db(), viewer.memberId, parsed.data);
}

export type SettingsFormState = { status: "idle" | "saved" | "invalid"; errors: SettingsFieldErrors; values: SettingsFormValues };

/** Quiet hours and the repeat interval change the member's Alertmanager route, hence the monitoring sync. */
export async function saveSettingsAction(previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const values = settingsFormValuesFrom(form);
  const viewer = await currentViewer();
  if (!viewer) return { status: "invalid", errors: { repeatInterval: "unexpected" }, values };
  const parsed = parseSettingsForm(values);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors, values };
  await updateMemberSettings(await db(), viewer.memberId, parsed.settings);
  requestMonitoringSync();
  revalidatePath("/[locale]/settings", "page");
  return { status: "saved", errors: {}, values };
}
