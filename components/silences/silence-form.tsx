"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";
import { useReasonText } from "@/components/ui/use-reason-text";
import { WeekdayFieldset } from "@/components/ui/weekday-fieldset";
import { createSilenceAction } from "@/lib/silences/actions";
import { emptySilenceValues, type SilenceField, silenceKinds, weekdays } from "@/lib/silences/schema";

/** Three kinds of silence in one form: the chosen kind shows its own fields; the others are not sent. */
export function SilenceForm({ targets }: { targets: { id: string; label: string }[] }) {
  const t = useTranslations("ui.silences");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(createSilenceAction, null);
  const values = !state ? emptySilenceValues : state.ok ? state.formValues : (state.typed ?? emptySilenceValues);
  const { choice: kind, setChoice: setKind, controlKey } = useFormChoice(state, values.kind);
  const refusal = state?.ok === false ? state : null;
  const error = (field: SilenceField) => reasonText(refusal?.fields?.[field]);
  const dayNames = Object.fromEntries(weekdays.map((day) => [day, t(`weekdays.${day}`)]));

  return (
    <form
      action={formAction}
      noValidate
      className="space-y-4 rounded border border-slate-200 bg-white p-4"
      aria-labelledby="silence-form-title"
    >
      <h2 id="silence-form-title" className="text-xl font-semibold">
        {t("formTitle")}
      </h2>
      <fieldset className="space-y-1">
        <legend className="font-medium">{t("kindLegend")}</legend>
        {silenceKinds.map((option) => (
          <label key={`${controlKey}-${option}`} className="flex items-center gap-2">
            <input
              type="radio"
              name="kind"
              value={option}
              defaultChecked={values.kind === option}
              onChange={() => setKind(option)}
            />
            {t(`kinds.${option}`)}
          </label>
        ))}
      </fieldset>
      {/* key: a new silence id on each save, so the form starts empty again; a refused one keeps what was typed. */}
      <div key={state?.ok ? state.silenceId : "typing"} className="space-y-4">
        {kind === "duration" && (
          <Field
            name="duration"
            label={t("duration")}
            hint={t("durationHint")}
            error={error("duration")}
            defaultValue={values.duration}
            required
          />
        )}
        {kind === "window" && (
          <>
            <Field
              name="startsAt"
              type="datetime-local"
              label={t("startsAt")}
              hint={t("windowHint")}
              error={error("startsAt")}
              defaultValue={values.startsAt}
              required
            />
            <Field
              name="endsAt"
              type="datetime-local"
              label={t("endsAt")}
              error={error("endsAt")}
              defaultValue={values.endsAt}
              required
            />
          </>
        )}
        {kind === "weekly" && (
          <>
            <WeekdayFieldset
              idPrefix="silence"
              legend={t("weekdaysLegend")}
              dayNames={dayNames}
              checked={values.weekdays}
              error={error("weekdays")}
            />
            <Field
              name="start"
              type="time"
              label={t("start")}
              hint={t("weeklyHint")}
              error={error("start")}
              defaultValue={values.start}
              required
            />
            <Field name="end" type="time" label={t("end")} error={error("end")} defaultValue={values.end} required />
          </>
        )}
        <SelectField
          name="targetId"
          label={t("target")}
          options={[
            { value: "", label: t("allTargets") },
            ...targets.map((target) => ({ value: target.id, label: target.label })),
          ]}
          defaultValue={values.targetId}
          error={error("targetId")}
        />
        <Field
          name="comment"
          label={t("comment")}
          hint={t("commentHint")}
          error={error("comment")}
          defaultValue={values.comment}
        />
      </div>
      {refusal && !refusal.fields && (
        <p role="alert" className="font-medium text-red-800">
          {reasonText(refusal.reason)}
        </p>
      )}
      <SubmitButton pending={pending}>{t("submit")}</SubmitButton>
      <p role="status" className="text-sm text-teal-900">
        {state?.ok ? t("saved") : ""}
      </p>
    </form>
  );
}
