"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction, type FormAction } from "@/lib/action";
import { type ActionResult, refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { env, secretKeyFromEnv } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { pageLocale } from "@/lib/i18n/page-locale";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { vmagentWritesTier } from "@/lib/monitoring/vmagent-service";
import {
  type AntennaRefusal,
  type AntennaTierRules,
  type IssuedCredential,
  registerAntenna,
  revokeAntenna,
  rotateAntennaCredential,
  updateAntenna,
} from "./mutations";
import {
  type AntennaField,
  type AntennaTyped,
  antennaFormSchema,
  antennaIdSchema,
  graceChoices,
  rotateSchema,
} from "./schema";

/**
 * What an antenna form did, for its status line; a registration or a rotation also carries the new credential,
 * which the page shows once and which is never readable again (the database holds it sealed).
 */
export type AntennaDone = {
  what: "registered" | "saved" | "rotated" | "revoked";
  label: string;
  credential?: IssuedCredential;
};
export type AntennaResult = ActionResult<AntennaDone, AntennaField, AntennaTyped>;
type AntennaAction = FormAction<AntennaDone, AntennaField, AntennaTyped>;

const typed = (form: FormData): AntennaTyped => {
  const fields: AntennaTyped = {};
  for (const key of ["placeCode", "tierId", "notes", "noClientHours"] as const) {
    const value = form.get(key);
    if (value !== null) fields[key] = String(value);
  }
  return fields;
};

// Every write changes vmauth's users or the antennas' info series: one sync run re-renders and reloads.
function afterAntennaChange() {
  requestMonitoringSync();
  revalidatePath("/[locale]/admin/antennas", "page");
}

/** A refusal as the form shows it: the kinds a tier holds, named as the targets page names them. */
function shown(refusal: AntennaRefusal, locale: Locale): AntennaResult {
  const { kinds, ...rest } = refusal;
  if (!kinds) return rest;
  const kindNames = messagesFor(locale).ui.targets.kind;
  return { ...rest, values: { uses: kinds.map((kind) => kindNames[kind]).join(", ") } };
}

/** Registers an antenna (no antennaId) or edits one. */
export const saveAntennaAction: AntennaAction = adminFormAction({
  input: antennaFormSchema,
  invalid: "antenna_not_found",
  typed,
  run: async ({ antennaId, fields }, scope): Promise<AntennaResult> => {
    const database = await db();
    const settings = env();
    const rules: AntennaTierRules = {
      defaultInstanceUrl: settings.VICTORIA_METRICS_URL,
      vmagentWrites: (tierId) => vmagentWritesTier(settings.VMAGENT_URL, tierId),
    };
    if (antennaId) {
      const result = await updateAntenna(database, scope, antennaId, fields, rules);
      if (!result.ok) return shown(result, await pageLocale());
      afterAntennaChange();
      return { ok: true, what: "saved", label: result.placeCode };
    }
    const result = await registerAntenna(database, scope, fields, secretKeyFromEnv(), rules);
    if (!result.ok) return shown(result, await pageLocale());
    afterAntennaChange();
    return { ok: true, what: "registered", label: result.placeCode, credential: result.credential };
  },
});

export const rotateAntennaAction: AntennaAction = adminFormAction({
  input: rotateSchema,
  invalid: (error) =>
    refuse(error.issues.some((issue) => issue.path[0] === "grace") ? "antenna_grace_invalid" : "antenna_not_found"),
  run: async ({ antennaId, grace }, scope): Promise<AntennaResult> => {
    const result = await rotateAntennaCredential(await db(), scope, antennaId, graceChoices[grace], secretKeyFromEnv());
    if (!result.ok) return refuse(result.reason);
    afterAntennaChange();
    return { ok: true, what: "rotated", label: result.placeCode, credential: result.credential };
  },
});

export const revokeAntennaAction: AntennaAction = adminFormAction({
  input: antennaIdSchema,
  invalid: "antenna_not_found",
  run: async ({ antennaId }, scope): Promise<AntennaResult> => {
    const result = await revokeAntenna(await db(), scope, antennaId);
    if (!result.ok) return refuse(result.reason);
    afterAntennaChange();
    return { ok: true, what: "revoked", label: result.placeCode };
  },
});
