"use client";

import { useTranslations } from "next-intl";
import type { InfraFormState } from "@/lib/infra/actions";

export const idleInfraState: InfraFormState = { done: null, error: null, fieldErrors: {}, values: {} };

/** What the last submission did, or why it was refused, announced to screen readers. */
export function FormOutcome({ state }: { state: InfraFormState }) {
  const t = useTranslations("ui.admin.infra");
  if (state.error) {
    return (
      <p role="alert" className="font-medium text-red-800">
        {t(`errors.${state.error}` as never)}
      </p>
    );
  }
  return (
    <p role="status" className="font-medium text-teal-900">
      {state.done ? t(`done.${state.done.what}`, { label: state.done.label, count: state.done.count ?? 0 }) : ""}
    </p>
  );
}
