"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { addBrickAction, type BrickFormState } from "@/lib/targets/actions";
import { Field } from "@/components/ui/field";

const initialState: BrickFormState = { status: "idle", errors: {}, values: { label: "", url: "" }, savedCount: 0 };

export function BrickForm() {
  const t = useTranslations("ui.targets");
  const tError = useTranslations("ui.errors");
  const [state, formAction, pending] = useActionState(addBrickAction, initialState);
  const errorText = (code?: string) => (code ? tError(code as never) : undefined);

  return (
    <form action={formAction} noValidate className="space-y-4 rounded border border-slate-200 bg-white p-4" aria-labelledby="add-brick-title">
      <h2 id="add-brick-title" className="text-xl font-semibold">
        {t("addTitle")}
      </h2>
      {/* key: a saved form starts empty again; a refused one keeps what was typed. */}
      <div key={state.savedCount} className="space-y-4">
        <Field name="label" label={t("label")} hint={t("labelHint")} error={errorText(state.errors.label)} defaultValue={state.values.label} required />
        <Field name="url" type="url" label={t("url")} hint={t("urlHint")} error={errorText(state.errors.url)} defaultValue={state.values.url} required />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 disabled:opacity-60">
        {t("submit")}
      </button>
      <p role="status" className="text-sm text-teal-900">
        {state.status === "saved" ? t("saved") : ""}
      </p>
    </form>
  );
}
