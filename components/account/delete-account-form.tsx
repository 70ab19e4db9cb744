"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { useReasonText } from "@/components/ui/use-reason-text";
import { deleteAccountAction } from "@/lib/account/actions";

/** The member must type the confirmation word: deleting an account cannot be undone. */
export function DeleteAccountForm({ locale, word }: { locale: string; word: string }) {
  const t = useTranslations("ui.account.delete");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(deleteAccountAction, null);
  const confirmation = state?.ok === false ? (state.typed?.confirmation ?? "") : "";
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="locale" value={locale} />
      <Field
        key={confirmation}
        name="confirmation"
        label={t("label", { word })}
        hint={t("hint")}
        error={state?.ok === false ? reasonText(state.fields?.confirmation ?? state.reason, { word }) : undefined}
        defaultValue={confirmation}
        required
      />
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60"
      >
        {t("submit")}
      </button>
    </form>
  );
}
