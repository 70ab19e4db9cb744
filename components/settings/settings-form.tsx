"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { WeekdayFieldset } from "@/components/ui/weekday-fieldset";
import { saveSettingsAction } from "@/lib/members/actions";
import { repeatIntervals, type SettingsField, type SettingsFormValues } from "@/lib/members/settings-schema";

export function SettingsForm({ initial, dayNames }: { initial: SettingsFormValues; dayNames: Record<number, string> }) {
  const t = useTranslations("ui.settings");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(saveSettingsAction, null);
  const values = !state ? initial : state.ok ? state.formValues : (state.typed ?? initial);
  const error = (field: SettingsField) => (state?.ok === false ? reasonText(state.fields?.[field]) : undefined);

  return (
    <form action={formAction} noValidate className="space-y-6 rounded border border-slate-200 bg-white p-4">
      <fieldset className="space-y-4">
        <legend className="text-xl font-semibold">{t("quietTitle")}</legend>
        <p id="quiet-hint" className="text-sm text-slate-600">
          {t("quietHint")}
        </p>
        <label className="flex items-center gap-2 font-medium">
          <input
            type="checkbox"
            name="quietEnabled"
            defaultChecked={values.quietEnabled}
            aria-describedby="quiet-hint"
          />
          {t("quietEnabled")}
        </label>
        <WeekdayFieldset
          idPrefix="quiet"
          legend={t("weekdays")}
          dayNames={dayNames}
          checked={values.weekdays}
          error={error("weekdays")}
        />
        <Field
          name="start"
          type="time"
          label={t("start")}
          hint={t("timesHint")}
          error={error("start")}
          defaultValue={values.start}
        />
        <Field name="end" type="time" label={t("end")} error={error("end")} defaultValue={values.end} />
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="criticalPassesThrough"
            defaultChecked={values.criticalPassesThrough}
            aria-describedby="critical-hint"
          />
          {t("criticalPassesThrough")}
        </label>
        <p id="critical-hint" className="text-sm text-slate-600">
          {t("criticalHint")}
        </p>
      </fieldset>
      <SelectField
        name="repeatInterval"
        label={t("repeatInterval")}
        hint={t("repeatHint")}
        options={repeatIntervals.map((value) => ({ value, label: t(`repeatOptions.${value}`) }))}
        defaultValue={values.repeatInterval}
        error={error("repeatInterval")}
      />
      <Field
        name="messageRetentionDays"
        type="number"
        label={t("retention")}
        hint={t("retentionHint")}
        error={error("messageRetentionDays")}
        defaultValue={values.messageRetentionDays}
        required
      />
      {state?.ok === false && !state.fields && (
        <p role="alert" className="font-medium text-red-800">
          {reasonText(state.reason)}
        </p>
      )}
      <SubmitButton pending={pending}>{t("submit")}</SubmitButton>
      <p role="status" className="text-sm text-teal-900">
        {state?.ok ? t("saved") : ""}
      </p>
    </form>
  );
}
