"use client";

import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import { deleteTierAction } from "@/lib/tiers/actions";

/** Deletes one tier; a tier still chosen for a target kind is refused, and the refusal names the kinds. */
export function DeleteTierButton({ id, name }: { id: string; name: string }) {
  const t = useTranslations("ui.admin.tiers");
  return (
    <RowActionForm action={deleteTierAction} className="space-y-1">
      {(pending) => (
        <>
          <input type="hidden" name="tierId" value={id} />
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
