"use client";

import { useTranslations } from "next-intl";
import { useReasonText } from "@/components/ui/use-reason-text";
import type { InfraResult } from "@/lib/infra/actions";

/** What the last submission did, or why it was refused, announced to screen readers. */
export function FormOutcome({ state }: { state: InfraResult | null }) {
  const t = useTranslations("ui.admin.infra");
  const reasonText = useReasonText();
  if (state && !state.ok) {
    return (
      <p role="alert" className="font-medium text-red-800">
        {reasonText(state.reason, state.values)}
      </p>
    );
  }
  return (
    <p role="status" className="font-medium text-teal-900">
      {state?.ok ? t(`done.${state.what}`, { label: state.label, count: state.count ?? 0 }) : ""}
    </p>
  );
}
