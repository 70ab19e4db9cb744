"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";
import { useReasonText } from "@/components/ui/use-reason-text";
import { addTargetAction, editTargetAction, type TargetOutcome } from "@/lib/targets/actions";
import { emptyTargetValues, formKinds, type TargetFormValues, type TargetKind } from "@/lib/targets/schema";
import { suggestHttpsAddress } from "@/lib/targets/scheme-suggestion";
import { SchemeSuggestionButton } from "./scheme-suggestion-button";

type AddressField = "url" | "host" | "port" | "vmId" | "client";
const fieldsByKind: Record<TargetKind, AddressField[]> = {
  brick: ["url"],
  ping: ["host"],
  tcp: ["host", "port"],
  vps: ["vmId"],
  vpn: ["client"],
};

type TargetFormProps = { title: string } & (
  | { mode: "add" }
  | { mode: "edit"; targetId: string; values: TargetFormValues }
);

/** Adds a target of any kind, or edits one (its kind then stays); refused input stays in the form with its errors. */
export function TargetForm(props: TargetFormProps) {
  const t = useTranslations("ui.targets");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(props.mode === "add" ? addTargetAction : editTargetAction, null);
  const initial = props.mode === "edit" ? props.values : emptyTargetValues;
  const values = !state ? initial : state.ok ? state.formValues : (state.typed ?? initial);
  const { choice: kind, setChoice: setKind, controlKey } = useFormChoice(state, values.kind);
  const refusal = state?.ok === false ? state : null;
  // A reason without a field (no session) is said under the kind, where the quota's is.
  const kindError = reasonText(refusal?.fields ? refusal.fields.kind : refusal?.reason, refusal?.values);
  const saved = state?.ok ? savedMessage(props.mode, state.outcome) : null;
  // A new target id on each save: the add form starts empty again; a refused one keeps what was typed.
  const savedKey = state?.ok ? state.targetId : "typing";
  // The refusal whose suggestion the member took: its error no longer describes the field.
  const [usedFor, setUsedFor] = useState<typeof state>(null);
  const suggestion =
    refusal?.fields?.url === "url_missing_scheme" && usedFor !== state ? suggestHttpsAddress(values.url) : null;

  return (
    <form
      action={formAction}
      noValidate
      className="space-y-4 rounded border border-slate-200 bg-white p-4"
      aria-labelledby="target-form-title"
    >
      <h2 id="target-form-title" className="text-xl font-semibold">
        {props.title}
      </h2>
      {props.mode === "edit" && <input type="hidden" name="targetId" value={props.targetId} />}
      {props.mode === "edit" ? (
        <>
          <input type="hidden" name="kind" value={kind} />
          <dl>
            <dt className="font-medium">{t("kindLabel")}</dt>
            <dd>{t(`kind.${kind}`)}</dd>
          </dl>
        </>
      ) : (
        <SelectField
          controlKey={controlKey}
          name="kind"
          label={t("kindLabel")}
          hint={t("kindHint")}
          error={kindError}
          defaultValue={values.kind}
          onChange={(value) => setKind(value as TargetKind)}
          options={formKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
      )}
      {/* key: a saved add form starts empty again; a refused one keeps what was typed. */}
      <div key={savedKey} className="space-y-4">
        <Field
          name="label"
          label={t("label")}
          hint={t("labelHint")}
          error={reasonText(refusal?.fields?.label)}
          defaultValue={values.label}
          required
        />
      </div>
      <div key={`${savedKey}-${kind}`} className="space-y-4">
        {fieldsByKind[kind].map((field) => (
          <Field
            key={field}
            name={field}
            type={field === "url" ? "url" : "text"}
            label={t(field)}
            hint={t(`${field}Hint`)}
            error={field === "url" && usedFor === state ? undefined : reasonText(refusal?.fields?.[field])}
            defaultValue={values[field]}
            required
          />
        ))}
        {suggestion && <SchemeSuggestionButton suggestion={suggestion} onUsed={() => setUsedFor(state)} />}
      </div>
      <SubmitButton pending={pending}>{props.mode === "add" ? t("submit") : t("save")}</SubmitButton>
      <p role="status" className="text-sm text-teal-900">
        {saved ? t(saved) : ""}
      </p>
    </form>
  );
}

function savedMessage(mode: "add" | "edit", outcome: TargetOutcome) {
  if (mode === "add") return outcome === "pending" ? "savedPending" : "saved";
  return outcome === "pending" ? "updatedPending" : "updated";
}
