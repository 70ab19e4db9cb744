"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { controlBorder, FieldFrame } from "@/components/ui/field-frame";
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
      <FieldFrame name="text" id={id} label={t("note")} hint={t("noteHint")} error={error && reasonText(error)}>
        {(control) => (
          <textarea
            {...control}
            name="text"
            rows={3}
            maxLength={1100}
            defaultValue={refusal?.typed?.text ?? ""}
            className={`w-full rounded border px-2 py-1 ${controlBorder(error)}`}
          />
        )}
      </FieldFrame>
      <SubmitButton pending={pending}>{t("send")}</SubmitButton>
      {!error && <InfraFormOutcome state={state} />}
    </form>
  );
}
