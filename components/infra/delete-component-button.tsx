"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { deleteComponentAction } from "@/lib/infra/actions";
import { FormOutcome } from "./form-outcome";

export function DeleteComponentButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("ui.admin.infra.components");
  const [state, formAction, pending] = useActionState(deleteComponentAction, null);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="componentId" value={id} />
      <button
        type="submit"
        disabled={pending}
        aria-label={t("deleteLabel", { name })}
        className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
      >
        {t("delete")}
      </button>
      <FormOutcome state={state} />
    </form>
  );
}
