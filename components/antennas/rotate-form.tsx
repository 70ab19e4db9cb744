"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useReasonText } from "@/components/ui/use-reason-text";
import { rotateAntennaAction } from "@/lib/antennas/actions";
import { type GraceChoice, graceChoices } from "@/lib/antennas/schema";
import { CredentialPanel } from "./credential-panel";

const graceLabel = { none: "graceNone", "1h": "grace1h", "24h": "grace24h", "7d": "grace7d" } as const;

/** Issues the antenna's next credential, shown once below; the admin chooses how long the current one still works. */
export function RotateForm({ antennaId, placeCode }: { antennaId: string; placeCode: string }) {
  const t = useTranslations("ui.antennas.rotate");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(rotateAntennaAction, null);
  const id = `rotate-${antennaId}-grace`;
  return (
    <div className="space-y-2">
      <details>
        <summary className="cursor-pointer underline">{t("summary", { placeCode })}</summary>
        <form action={formAction} className="mt-2 space-y-2">
          <p className="text-sm">{t("intro")}</p>
          <input type="hidden" name="antennaId" value={antennaId} />
          <label htmlFor={id} className="block font-medium">
            {t("grace")}
          </label>
          <select
            id={id}
            name="grace"
            defaultValue="24h"
            className="rounded border border-slate-400 bg-white px-2 py-1"
          >
            {(Object.keys(graceChoices) as GraceChoice[]).map((choice) => (
              <option key={choice} value={choice}>
                {t(graceLabel[choice])}
              </option>
            ))}
          </select>
          <div>
            <button
              type="submit"
              disabled={pending}
              aria-label={t("submitLabel", { placeCode })}
              className="rounded bg-teal-800 px-3 py-1 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
            >
              {t("submit")}
            </button>
          </div>
          {state && !state.ok && (
            <p role="alert" className="text-sm font-medium text-red-800">
              {reasonText(state.reason, state.values)}
            </p>
          )}
        </form>
      </details>
      {state?.ok && state.credential && (
        <CredentialPanel key={state.credential.username} placeCode={state.label} credential={state.credential} />
      )}
    </div>
  );
}
