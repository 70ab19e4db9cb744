"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { recordIdSchema } from "@/lib/text-input";
import { alertmanagerApiFromEnv } from "./alertmanager-from-env";
import { createSilence, expireSilence } from "./mutations";
import { emptySilenceValues, parseSilenceForm, silenceFormValuesFrom, type SilenceFieldErrors, type SilenceFormValues } from "./schema";

export type SilenceFormState = {
  status: "idle" | "saved" | "invalid";
  errors: SilenceFieldErrors;
  values: SilenceFormValues;
  /** Bumped on each save, so the form can start empty again. */
  savedCount: number;
};

export async function createSilenceAction(previous: SilenceFormState, form: FormData): Promise<SilenceFormState> {
  const values = silenceFormValuesFrom(form);
  const viewer = await currentViewer();
  if (!viewer) return { ...previous, status: "invalid", errors: { form: "unexpected" }, values };
  const parsed = parseSilenceForm(values, new Date());
  if (!parsed.ok) return { ...previous, status: "invalid", errors: parsed.errors, values };
  let result;
  try {
    result = await createSilence(await db(), alertmanagerApiFromEnv(), viewer.memberId, parsed.request, "portal");
  } catch (error) {
    log.error({ err: error }, "silence not created");
    return { ...previous, status: "invalid", errors: { form: "alertmanager_failed" }, values };
  }
  if (!result.ok) return { ...previous, status: "invalid", errors: result.errors, values };
  if (result.kind === "weekly") requestMonitoringSync();
  revalidatePath("/[locale]/silences", "page");
  return { status: "saved", errors: {}, values: { ...emptySilenceValues, kind: values.kind }, savedCount: previous.savedCount + 1 };
}

export async function expireSilenceAction(form: FormData): Promise<void> {
  const silenceId = recordIdSchema.safeParse(form.get("silenceId"));
  const viewer = await currentViewer();
  if (!viewer || !silenceId.success) return;
  const result = await expireSilence(await db(), alertmanagerApiFromEnv(), viewer.memberId, silenceId.data);
  if (!result.ok) return;
  if (result.kind === "weekly") requestMonitoringSync();
  revalidatePath("/[locale]/silences", "page");
}
