"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { createSilenceAction, type SilenceFormState } from "@/lib/silences/actions";
import { emptySilenceValues, silenceKinds, type SilenceFormKind } from "@/lib/silences/schema";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { WeekdayFieldset } from "@/components/ui/weekday-fieldset";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";

const initialState: SilenceFormState = { status: "idle", errors: {}, values: emptySilenceValues, savedCount: 0 };

/** Three kinds of silence in one form: the chosen kind shows its own fields; the others are not sent. */
export function SilenceForm({ targets }: { targets: { id: string; label: string }[] }) {
  const t = useTranslations("ui.silences");
  const [state, formAction, pending] = useActionState(createSilenceAction, initialState);
  const { choice: kind, setChoice: setKind, controlKey } = useFormChoice<SilenceFormState, SilenceFormKind>(state, state.values.kind);
  const error = (code?: string) => (code ? t(`errors.${code}` as never) : undefined);
  const dayNames = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((day) => [day, t(`weekdays.${day}` as never)]));
  const values = state.values;

  return (
    <form action={formAction} noValidate className="space-y-4 rounded border border-slate-200 bg-white p-4" aria-labelledby="silence-form-title">
      <h2 id="silence-form-title" className="text-xl font-semibold">
        {t("formTitle")}
      </h2>
      <fieldset className="space-y-1">
        <legend className="font-medium">{t("kindLegend")}</legend>
        {silenceKinds.map((option) => (
          <label key={`${controlKey}-${option}`} className="flex items-center gap-2">
            <input type="radio" name="kind" value={option} defaultChecked={state.values.kind === option} onChange={() => setKind(option)} />
            {t(`kinds.${option}`)}
          </label>
        ))}
      </fieldset>
      <div key={state.savedCount} className="space-y-4">
        {kind === "duration" && (
          <Field name="duration" label={t("duration")} hint={t("durationHint")} error={error(state.errors.duration)} defaultValue={values.duration} required />
        )}
        {kind === "window" && (
          <>
            <Field name="startsAt" type="datetime-local" label={t("startsAt")} hint={t("windowHint")} error={error(state.errors.startsAt)} defaultValue={values.startsAt} required />
            <Field name="endsAt" type="datetime-local" label={t("endsAt")} error={error(state.errors.endsAt)} defaultValue={values.endsAt} required />
          </>
        )}
        {kind === "weekly" && (
          <>
            <WeekdayFieldset idPrefix="silence" legend={t("weekdaysLegend")} dayNames={dayNames} checked={values.weekdays} error={error(state.errors.weekdays)} />
            <Field name="start" type="time" label={t("start")} hint={t("weeklyHint")} error={error(state.errors.start)} defaultValue={values.start} required />
            <Field name="end" type="time" label={t("end")} error={error(state.errors.end)} defaultValue={values.end} required />
          </>
        )}
        <SelectField
          name="targetId"
          label={t("target")}
          options={[{ value: "", label: t("allTargets") }, ...targets.map((target) => ({ value: target.id, label: target.label }))]}
          defaultValue={values.targetId}
          error={error(state.errors.targetId)}
        />
        <Field name="comment" label={t("comment")} hint={t("commentHint")} error={error(state.errors.comment)} defaultValue={values.comment} />
      </div>
      {state.errors.form && (
        <p role="alert" className="font-medium text-red-800">
          {error(state.errors.form)}
        </p>
      )}
      <SubmitButton pending={pending}>{t("submit")}</SubmitButton>
      <p role="status" className="text-sm text-teal-900">
        {state.status === "saved" ? t("saved") : ""}
      </p>
    </form>
  );
}
