"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";
import { useReasonText } from "@/components/ui/use-reason-text";
import { addChannelAction, type ChannelFormValues } from "@/lib/channels/actions";
import type { ChannelType } from "@/lib/channels/schema";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { SeveritySelect } from "./severity-select";

type AddressField = "matrixId" | "username" | "serverUrl" | "appToken" | "email";
const fieldsByType: Record<ChannelType, AddressField[]> = {
  matrix: ["matrixId"],
  mattermost: ["username"],
  gotify: ["serverUrl", "appToken"],
  email: ["email"],
};
const inputTypes: Partial<Record<AddressField, string>> = { serverUrl: "url", appToken: "password", email: "email" };

type AddChannelState = Awaited<ReturnType<typeof addChannelAction>> | null;

/** What the form shows: empty at first, what was typed after a refusal, the kept type and severity after a start. */
function formValuesOf(state: AddChannelState, firstType: ChannelType): ChannelFormValues {
  const empty = { type: firstType, matrixId: "", username: "", serverUrl: "", email: "", minSeverity: "info" };
  if (!state) return empty;
  if (state.ok) return { ...empty, type: state.started.type, minSeverity: state.minSeverity };
  return state.typed ?? empty;
}

type AddChannelFormProps = { types: ChannelType[]; onStarted: (started: VerificationStarted) => void };

/** Declares a channel of one of the available types; refused input stays in the form with its errors. */
export function AddChannelForm({ types, onStarted }: AddChannelFormProps) {
  const t = useTranslations("ui.channels");
  const reasonText = useReasonText();
  const queryClient = useQueryClient();
  const [state, formAction, pending] = useActionState(async (previous: AddChannelState, form: FormData) => {
    const next = await addChannelAction(previous, form);
    if (next.ok) onStarted(next.started);
    await queryClient.invalidateQueries({ queryKey: ["channels"] });
    return next;
  }, null);
  const values = formValuesOf(state, types[0] ?? "matrix");
  const { choice: type, setChoice: setType, controlKey } = useFormChoice(state, values.type as ChannelType);
  const refusal = state?.ok === false ? state : null;
  // The type has no message of its own under its select: its reason, or one no field takes, shows below the form.
  const formError = reasonText(refusal?.fields ? refusal.fields.type : refusal?.reason, refusal?.values);

  return (
    <form
      action={formAction}
      noValidate
      className="space-y-4 rounded border border-slate-200 bg-white p-4"
      aria-labelledby="add-channel-title"
    >
      <h2 id="add-channel-title" className="text-xl font-semibold">
        {t("addTitle")}
      </h2>
      <SelectField
        controlKey={controlKey}
        name="type"
        label={t("typeLabel")}
        defaultValue={values.type}
        onChange={(value) => setType(value as ChannelType)}
        options={types.map((choice) => ({ value: choice, label: t(`type.${choice}`) }))}
      />
      {/* key: switching type shows that type's fields, each keeping what was typed for it. */}
      <div key={`${type}-${state?.ok ? "done" : "typing"}`} className="space-y-4">
        {fieldsByType[type].map((field) => (
          <Field
            key={field}
            name={field}
            type={inputTypes[field] ?? "text"}
            label={t(field)}
            hint={t(`${field}Hint`)}
            error={reasonText(refusal?.fields?.[field])}
            defaultValue={field === "appToken" ? "" : values[field]}
            required
          />
        ))}
      </div>
      <SeveritySelect
        id="minSeverity"
        name="minSeverity"
        label={t("minSeverity")}
        hint={t("minSeverityHint")}
        defaultValue={values.minSeverity}
      />
      {formError && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {formError}
        </p>
      )}
      <SubmitButton pending={pending}>{t(`submit.${type}`)}</SubmitButton>
    </form>
  );
}
