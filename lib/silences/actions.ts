"use server";

import { revalidatePath } from "next/cache";
import { memberFormAction } from "@/lib/action";
import { type Parsed, refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { alertmanagerApiFromEnv } from "./alertmanager-from-env";
import { createSilence, expireSilence } from "./mutations";
import {
  emptySilenceValues,
  expireSilenceSchema,
  parseSilenceForm,
  type SilenceField,
  type SilenceFormValues,
  type SilenceRequest,
  silenceFormValuesFrom,
} from "./schema";

/** The checked request, and the kind of form it came from (the next form keeps it). */
function parseSilence(
  form: FormData,
): Parsed<{ request: SilenceRequest; kind: SilenceFormValues["kind"] }, SilenceField> {
  const values = silenceFormValuesFrom(form);
  const parsed = parseSilenceForm(values, new Date());
  return parsed.ok ? { ok: true, input: { request: parsed.input, kind: values.kind } } : parsed;
}

export const createSilenceAction = memberFormAction({
  input: parseSilence,
  typed: silenceFormValuesFrom,
  run: async ({ request, kind }, scope) => {
    let result;
    try {
      result = await createSilence(await db(), alertmanagerApiFromEnv(), scope.memberId, request, "portal");
    } catch (error) {
      log.error({ err: error }, "silence not created");
      return refuse("alertmanager_failed");
    }
    if (!result.ok) return result;
    if (result.kind === "weekly") requestMonitoringSync();
    revalidatePath("/[locale]/silences", "page");
    // A new id on each save: the form starts empty again, on the same kind.
    return { ok: true, silenceId: result.id, formValues: { ...emptySilenceValues, kind } };
  },
});

export const expireSilenceAction = memberFormAction({
  input: expireSilenceSchema,
  invalid: "silence_not_found",
  run: async ({ silenceId }, scope) => {
    const result = await expireSilence(await db(), alertmanagerApiFromEnv(), scope.memberId, silenceId);
    if (!result.ok) return refuse(result.reason);
    if (result.kind === "weekly") requestMonitoringSync();
    revalidatePath("/[locale]/silences", "page");
    return { ok: true };
  },
});
