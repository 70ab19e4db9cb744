"use client";

import { useActionState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { addChannelAction, type ChannelFormState } from "@/lib/channels/actions";
import type { ChannelType } from "@/lib/channels/schema";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { Field } from "@/components/ui/field";
import { SeveritySelect } from "./severity-select";
import { useErrorText } from "./use-error-text";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";

type AddressField = "matrixId" | "username" | "serverUrl" | "appToken" | "email";
const fieldsByType: Record<ChannelType, AddressField[]> = {
  matrix: ["matrixId"],
  mattermost: ["username"],
  gotify: ["serverUrl", "appToken"],
  email: ["email"],
};
const inputTypes: Partial<Record<AddressField, string>> = { serverUrl: "url", appToken: "password", email: "email" };

type AddChannelFormProps = { types: ChannelType[]; onStarted: (started: VerificationStarted) => void };

/** Declares a channel of one of the available types; refused input stays in the form with its errors. */
export function AddChannelForm({ types, onStarted }: AddChannelFormProps) {
  const t = useTranslations("ui.channels");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const initial: ChannelFormState = {
    status: "idle",
    errors: {},
    values: { type: types[0] ?? "matrix", matrixId: "", username: "", serverUrl: "", email: "", minSeverity: "info" },
  };
  const [state, formAction, pending] = useActionState(async (previous: ChannelFormState, form: FormData) => {
    const next = await addChannelAction(previous, form);
    if (next.started) onStarted(next.started);
    await queryClient.invalidateQueries({ queryKey: ["channels"] });
    return next;
  }, initial);
  const { choice: type, setChoice: setType, controlKey } = useFormChoice<ChannelFormState, ChannelType>(state, state.values.type as ChannelType);
  const formError = errorText(state.errors.form ?? state.errors.type, state.errorValues);

  return (
    <form action={formAction} noValidate className="space-y-4 rounded border border-slate-200 bg-white p-4" aria-labelledby="add-channel-title">
      <h2 id="add-channel-title" className="text-xl font-semibold">
        {t("addTitle")}
      </h2>
      <SelectField
        controlKey={controlKey}
        name="type"
        label={t("typeLabel")}
        defaultValue={state.values.type}
        onChange={(value) => setType(value as ChannelType)}
        options={types.map((choice) => ({ value: choice, label: t(`type.${choice}`) }))}
      />
      {/* key: switching type shows that type's fields, each keeping what was typed for it. */}
      <div key={`${type}-${state.status === "started" ? "done" : "typing"}`} className="space-y-4">
        {fieldsByType[type].map((field) => (
          <Field
            key={field}
            name={field}
            type={inputTypes[field] ?? "text"}
            label={t(field)}
            hint={t(`${field}Hint`)}
            error={errorText(state.errors[field])}
            defaultValue={field === "appToken" ? "" : state.values[field]}
            required
          />
        ))}
      </div>
      <SeveritySelect id="minSeverity" name="minSeverity" label={t("minSeverity")} hint={t("minSeverityHint")} defaultValue={state.values.minSeverity} />
      {formError && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {formError}
        </p>
      )}
      <SubmitButton pending={pending}>{t(`submit.${type}`)}</SubmitButton>
    </form>
  );
}
