"use client";

import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import { deleteComponentAction } from "@/lib/infra/actions";

/** Deletes one component; the list then loses its row, and a refusal is said next to the button. */
export function DeleteComponentButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("ui.admin.infra.components");
  return (
    <RowActionForm action={deleteComponentAction} className="space-y-1">
      {(pending) => (
        <>
          <input type="hidden" name="componentId" value={id} />
          <button
            type="submit"
            disabled={pending}
            aria-label={t("deleteLabel", { name })}
            className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
          >
            {t("delete")}
          </button>
        </>
      )}
    </RowActionForm>
  );
}
