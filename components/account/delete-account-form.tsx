"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { deleteAccountAction, type DeleteAccountFormState } from "@/lib/account/actions";
import { Field } from "@/components/ui/field";

const initialState: DeleteAccountFormState = { status: "idle", confirmation: "" };

/** The member must type the confirmation word: deleting an account cannot be undone. */
export function DeleteAccountForm({ locale, word }: { locale: string; word: string }) {
  const t = useTranslations("ui.account.delete");
  const [state, formAction, pending] = useActionState(deleteAccountAction, initialState);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="locale" value={locale} />
      <Field
        key={state.confirmation}
        name="confirmation"
        label={t("label", { word })}
        hint={t("hint")}
        error={state.error ? t(`errors.${state.error}`, { word }) : undefined}
        defaultValue={state.confirmation}
        required
      />
      <button type="submit" disabled={pending} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60">
        {t("submit")}
      </button>
    </form>
  );
}
