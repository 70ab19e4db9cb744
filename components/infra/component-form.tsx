"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
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
  const [kind, setKind] = useState<ComponentKind>(existing?.kind ?? "hypervisor");
  const prefix = existing ? `component-${existing.id}` : "component-new";
  const value = (field: "name" | "address") => refusal?.typed?.[field] ?? existing?.[field] ?? "";
  const field = (name: "name" | "address", label: string, hint: string) => {
    const error = refusal?.fields?.[name];
    const id = `${prefix}-${name}`;
    return (
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium">
          {label}
        </label>
        <input
          id={id}
          name={name}
          defaultValue={value(name)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          className={`w-full rounded border px-3 py-2 ${error ? "border-red-700" : "border-slate-400"}`}
        />
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
        {error && (
          <p id={`${id}-error`} className="text-sm font-medium text-red-800">
            {reasonText(error)}
          </p>
        )}
      </div>
    );
  };

  return (
    <form action={formAction} noValidate className="space-y-3">
      {existing && <input type="hidden" name="componentId" value={existing.id} />}
      {!existing && (
        <div className="space-y-1">
          <label htmlFor={`${prefix}-kind`} className="block font-medium">
            {t("kind")}
          </label>
          <select
            id={`${prefix}-kind`}
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ComponentKind)}
            className="w-full rounded border border-slate-400 bg-white px-3 py-2"
          >
            <option value="hypervisor">{t("kinds.hypervisor")}</option>
            <option value="vpn_server">{t("kinds.vpn_server")}</option>
          </select>
        </div>
      )}
      {field("name", t("name"), t("nameHint"))}
      {field("address", t("address"), t(`addressHint.${kind}`))}
      <SubmitButton pending={pending}>{existing ? t("save") : t("add")}</SubmitButton>
      <InfraFormOutcome state={state} />
    </form>
  );
}
