"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormOutcome } from "@/components/ui/form-outcome";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { saveTierAction } from "@/lib/tiers/actions";
import type { TierSummary } from "@/lib/tiers/data";

type TextField = "name" | "retention" | "writeUrl" | "readUrl" | "readUsername";

/** Adds a tier, or edits one; the stored read password is never shown, an empty password field keeps it. */
export function TierForm({ existing }: { existing?: TierSummary }) {
  const t = useTranslations("ui.admin.tiers.form");
  const tAdmin = useTranslations("ui.admin.tiers");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(saveTierAction, null);
  const refusal = state && !state.ok ? state : null;
  const prefix = existing ? `tier-${existing.id}` : "tier-new";
  const input = (name: TextField | "readPassword", hint: string) => {
    const error = refusal?.fields?.[name];
    const id = `${prefix}-${name}`;
    const value = name === "readPassword" ? "" : (refusal?.typed?.[name] ?? existing?.[name] ?? "");
    return (
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium">
          {t(name)}
        </label>
        <input
          id={id}
          name={name}
          type={name === "readPassword" ? "password" : "text"}
          autoComplete={name === "readPassword" ? "new-password" : "off"}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          className={`w-full rounded border px-3 py-2 ${error ? "border-red-700" : "border-slate-400"}`}
        />
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
        {error && (
          <p id={`${id}-error`} className="text-sm font-medium text-red-800">
            {reasonText(error)}
          </p>
        )}
      </div>
    );
  };

  return (
    <form action={formAction} noValidate className="space-y-3">
      {existing && <input type="hidden" name="tierId" value={existing.id} />}
      {input("name", t("nameHint"))}
      {input("retention", t("retentionHint"))}
      {input("writeUrl", t("writeUrlHint"))}
      {input("readUrl", t("readUrlHint"))}
      {input("readUsername", t("readUsernameHint"))}
      {input("readPassword", existing?.hasReadPassword ? t("readPasswordKeptHint") : t("readPasswordHint"))}
      <SubmitButton pending={pending}>{existing ? t("save") : t("add")}</SubmitButton>
      <FormOutcome state={state} doneText={(done) => tAdmin(`done.${done.what}`, { label: done.label })} />
    </form>
  );
}
