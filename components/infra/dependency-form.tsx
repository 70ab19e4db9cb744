"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { setDependencyAction } from "@/lib/infra/actions";
import { InfraFormOutcome } from "./form-outcome";

type Choice = { id: string; name: string };

/** The component one target depends on; the empty choice is "nothing", or the single VPN server by default. */
export function DependencyForm(props: {
  targetId: string;
  label: string;
  current: string | null;
  choices: Choice[];
  defaultName: string | null;
}) {
  const t = useTranslations("ui.admin.infra.dependencies");
  const [state, formAction, pending] = useActionState(setDependencyAction, null);
  const id = `dependency-${props.targetId}`;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="targetId" value={props.targetId} />
      <label htmlFor={id} className="sr-only">
        {t("component")}
      </label>
      <select
        id={id}
        name="componentId"
        defaultValue={props.current ?? ""}
        className="rounded border border-slate-400 bg-white px-2 py-1"
      >
        <option value="">{props.defaultName ? t("defaultVpn", { name: props.defaultName }) : t("none")}</option>
        {props.choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.name}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        aria-label={t("saveLabel", { label: props.label })}
        className="rounded bg-teal-800 px-3 py-1 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
      >
        {t("save")}
      </button>
      <InfraFormOutcome state={state} />
    </form>
  );
}
