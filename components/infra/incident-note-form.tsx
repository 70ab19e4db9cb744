"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { sendIncidentNoteAction } from "@/lib/infra/actions";
import { InfraFormOutcome } from "./form-outcome";

/** `noteKey` is made with the page: sending the same form twice sends the note once. */
export function IncidentNoteForm({ incidentId, noteKey }: { incidentId: string; noteKey: string }) {
  const t = useTranslations("ui.admin.infra.incidents");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(sendIncidentNoteAction, null);
  const refusal = state && !state.ok ? state : null;
  const id = `note-${incidentId}`;
  const error = refusal?.fields?.text;
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="noteKey" value={noteKey} />
      <label htmlFor={id} className="block font-medium">
        {t("note")}
      </label>
      <textarea
        id={id}
        name="text"
        rows={3}
        maxLength={1100}
        defaultValue={refusal?.typed?.text ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        className={`w-full rounded border px-2 py-1 ${error ? "border-red-700" : "border-slate-400"}`}
      />
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {t("noteHint")}
      </p>
      {error && (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {reasonText(error)}
        </p>
      )}
      <SubmitButton pending={pending}>{t("send")}</SubmitButton>
      {!error && <InfraFormOutcome state={state} />}
    </form>
  );
}
