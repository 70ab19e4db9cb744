"use client";

import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import type { targetKinds } from "@/lib/db/schema";
import { assignKindTierAction } from "@/lib/tiers/actions";

type Choice = { id: string; name: string };

/** The tier one target kind's series go to; the empty choice is "no tier yet". */
export function KindTierForm(props: {
  kind: (typeof targetKinds)[number];
  kindName: string;
  current: string | null;
  choices: Choice[];
}) {
  const t = useTranslations("ui.admin.tiers.kinds");
  const id = `kind-tier-${props.kind}`;
  return (
    <RowActionForm action={assignKindTierAction} className="flex flex-wrap items-center gap-2">
      {(pending) => (
        <>
          <input type="hidden" name="kind" value={props.kind} />
          <label htmlFor={id} className="sr-only">
            {t("tierOf", { kind: props.kindName })}
          </label>
          <select
            id={id}
            name="tierId"
            defaultValue={props.current ?? ""}
            className="rounded border border-slate-400 bg-white px-2 py-1"
          >
            <option value="">{t("none")}</option>
            {props.choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
          <button
            type="submit"
            disabled={pending}
            aria-label={t("saveLabel", { kind: props.kindName })}
            className="rounded bg-teal-800 px-3 py-1 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
          >
            {t("save")}
          </button>
        </>
      )}
    </RowActionForm>
  );
}
