"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
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
    const password = name === "readPassword";
    return (
      <Field
        name={name}
        id={`${prefix}-${name}`}
        label={t(name)}
        hint={hint}
        error={error && reasonText(error)}
        type={password ? "password" : "text"}
        autoComplete={password ? "new-password" : "off"}
        // The stored password is never sent back; an empty field keeps it.
        defaultValue={password ? "" : (refusal?.typed?.[name] ?? existing?.[name] ?? "")}
      />
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
