"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FieldFrame } from "@/components/ui/field-frame";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormChoice } from "@/components/ui/use-form-choice";
import { useReasonText } from "@/components/ui/use-reason-text";
import { saveComponentAction } from "@/lib/infra/actions";
import type { ComponentKind } from "@/lib/infra/dependencies";
import { InfraFormOutcome } from "./form-outcome";

type Existing = { id: string; kind: ComponentKind; name: string; address: string };

/** Adds a component, or edits the name and address of one (its kind is fixed once created). */
export function ComponentForm({ existing }: { existing?: Existing }) {
  const t = useTranslations("ui.admin.infra.components");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(saveComponentAction, null);
  const refusal = state && !state.ok ? state : null;
  // React resets a form once its action has run: the kind is sent back with a refusal and the select remounted
  // with it, or the form would show "hypervisor" while keeping the other kind's hint.
  const submitted = refusal?.typed?.kind ?? existing?.kind ?? "hypervisor";
  const { choice: kind, setChoice: setKind, controlKey } = useFormChoice<typeof state, ComponentKind>(state, submitted);
  const prefix = existing ? `component-${existing.id}` : "component-new";
  const value = (field: "name" | "address") => refusal?.typed?.[field] ?? existing?.[field] ?? "";
  const field = (name: "name" | "address", label: string, hint: string) => {
    const error = refusal?.fields?.[name];
    return (
      <Field
        name={name}
        id={`${prefix}-${name}`}
        label={label}
        hint={hint}
        error={error && reasonText(error)}
        defaultValue={value(name)}
      />
    );
  };

  return (
    <form action={formAction} noValidate className="space-y-3">
      {existing && <input type="hidden" name="componentId" value={existing.id} />}
      {!existing && (
        <FieldFrame name="kind" id={`${prefix}-kind`} label={t("kind")}>
          {(control) => (
            <select
              key={controlKey}
              {...control}
              name="kind"
              defaultValue={kind}
              onChange={(event) => setKind(event.target.value as ComponentKind)}
              className="w-full rounded border border-slate-400 bg-white px-3 py-2"
            >
              <option value="hypervisor">{t("kinds.hypervisor")}</option>
              <option value="vpn_server">{t("kinds.vpn_server")}</option>
            </select>
          )}
        </FieldFrame>
      )}
      {field("name", t("name"), t("nameHint"))}
      {field("address", t("address"), t(`addressHint.${kind}`))}
      <SubmitButton pending={pending}>{existing ? t("save") : t("add")}</SubmitButton>
      <InfraFormOutcome state={state} />
    </form>
  );
}
