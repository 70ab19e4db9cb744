"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction, type FormAction } from "@/lib/action";
import { type ActionResult, refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { env, secretKeyFromEnv } from "@/lib/env";
import { messagesFor, translatorFor } from "@/lib/i18n/messages";
import { pageLocale } from "@/lib/i18n/page-locale";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { vmagentWritesTier } from "@/lib/monitoring/vmagent-service";
import { assignKindTier, deleteTier, saveTier } from "./mutations";
import { tierReadSealer } from "./read-credential";
import { kindTierSchema, type TierField, type TierTyped, tierFormSchema, tierIdSchema } from "./schema";
import { tierServiceUsername } from "./service-users";

/** What a tier form did, for its status line: what changed and its name (a tier's, or a target kind's). */
export type TierDone = { what: "saved" | "deleted" | "assigned"; label: string };
export type TierResult = ActionResult<TierDone, TierField, TierTyped>;
type TierAction = FormAction<TierDone, TierField, TierTyped>;

const typed = (form: FormData): TierTyped => {
  const fields: TierTyped = {};
  for (const key of ["name", "retention", "writeUrl", "readUrl", "readUsername"] as const) {
    const value = form.get(key);
    if (value !== null) fields[key] = String(value);
  }
  return fields;
};

// Every write changes where series go and are read from: one sync run re-renders and reloads, and the page follows.
function afterTierChange() {
  requestMonitoringSync();
  revalidatePath("/[locale]/admin/tiers", "page");
}

/** Adds a tier (no tierId) or edits one. */
export const saveTierAction: TierAction = adminFormAction({
  input: tierFormSchema,
  invalid: "tier_not_found",
  typed,
  run: async ({ tierId, fields }, scope): Promise<TierResult> => {
    const key = secretKeyFromEnv();
    const result = await saveTier(await db(), scope, tierId, fields, tierReadSealer(key), key, {
      defaultInstanceUrl: env().VICTORIA_METRICS_URL,
    });
    if (!result.ok) return result;
    afterTierChange();
    return { ok: true, what: "saved", label: result.name };
  },
});

export const deleteTierAction: TierAction = adminFormAction({
  input: tierIdSchema,
  invalid: "tier_not_found",
  run: async ({ tierId }, scope): Promise<TierResult> => {
    const result = await deleteTier(await db(), scope, tierId);
    if (result.ok === false && result.reason === "tier_in_use") {
      // The kinds as the targets page names them, then the antennas by place code, in the page's language.
      const locale = await pageLocale();
      const kindNames = messagesFor(locale).ui.targets.kind;
      const t = translatorFor(locale, "ui");
      const uses = [
        ...result.usedBy.map((kind) => kindNames[kind]),
        ...result.antennas.map((placeCode) => t("antennas.tierUse", { placeCode })),
      ];
      return refuse(result.reason, { values: { uses: uses.join(", ") } });
    }
    if (!result.ok) return refuse(result.reason);
    afterTierChange();
    return { ok: true, what: "deleted", label: result.name };
  },
});

export const assignKindTierAction: TierAction = adminFormAction({
  input: kindTierSchema,
  invalid: "tier_not_found",
  run: async ({ kind, tierId }, scope): Promise<TierResult> => {
    // A tier vmagent has no remote write for would drop every series of the kind: refused while vmagent says so.
    if (tierId && (await vmagentWritesTier(env().VMAGENT_URL, tierId)) === false) {
      return refuse("tier_not_in_vmagent", { values: { username: tierServiceUsername("writer", tierId) } });
    }
    const result = await assignKindTier(await db(), scope, kind, tierId);
    if (result.ok === false && result.reason === "tier_has_antennas") {
      const t = translatorFor(await pageLocale(), "ui");
      const uses = result.antennas.map((placeCode) => t("antennas.tierUse", { placeCode })).join(", ");
      return refuse(result.reason, { values: { uses } });
    }
    if (!result.ok) return refuse(result.reason);
    afterTierChange();
    return { ok: true, what: "assigned", label: kind };
  },
});
