"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { sendIncidentNoteAction } from "@/lib/infra/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { FormOutcome, idleInfraState } from "./form-outcome";

/** `noteKey` is made with the page: sending the same form twice sends the note once. */
export function IncidentNoteForm({ incidentId, noteKey }: { incidentId: string; noteKey: string }) {
  const t = useTranslations("ui.admin.infra.incidents");
  const tErrors = useTranslations("ui.admin.infra.errors");
  const [state, formAction, pending] = useActionState(sendIncidentNoteAction, idleInfraState);
  const id = `note-${incidentId}`;
  const error = state.fieldErrors.text;
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="noteKey" value={noteKey} />
      <label htmlFor={id} className="block font-medium">{t("note")}</label>
      <textarea id={id} name="text" rows={3} maxLength={1100} defaultValue={state.values.text ?? ""} aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        className={`w-full rounded border px-2 py-1 ${error ? "border-red-700" : "border-slate-400"}`} />
      <p id={`${id}-hint`} className="text-sm text-slate-600">{t("noteHint")}</p>
      {error && <p id={`${id}-error`} className="text-sm font-medium text-red-800">{tErrors(error as never)}</p>}
      <SubmitButton pending={pending}>{t("send")}</SubmitButton>
      {!error && <FormOutcome state={state} />}
    </form>
  );
}
