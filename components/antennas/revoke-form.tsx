"use client";

import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import { revokeAntennaAction } from "@/lib/antennas/actions";

/** Revoking cannot be undone: the button sits behind a disclosure that says so, a confirmation that needs no script. */
export function RevokeForm({ antennaId, placeCode }: { antennaId: string; placeCode: string }) {
  const t = useTranslations("ui.antennas.revoke");
  return (
    <details>
      <summary className="cursor-pointer underline">{t("summary", { placeCode })}</summary>
      <RowActionForm action={revokeAntennaAction} className="mt-2 space-y-2">
        {(pending) => (
          <>
            <p className="text-sm">{t("warning")}</p>
            <input type="hidden" name="antennaId" value={antennaId} />
            <button
              type="submit"
              disabled={pending}
              aria-label={t("submitLabel", { placeCode })}
              className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
            >
              {t("submit")}
            </button>
          </>
        )}
      </RowActionForm>
    </details>
  );
}
