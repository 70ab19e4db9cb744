"use client";

import { useTranslations } from "next-intl";
import { useReasonText } from "@/components/ui/use-reason-text";
import type { TierResult } from "@/lib/tiers/actions";

/** What the last submission did, or why it was refused, announced to screen readers. */
export function TierFormOutcome({ state }: { state: TierResult | null }) {
  const t = useTranslations("ui.admin.tiers");
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
      {state?.ok ? t(`done.${state.what}`, { label: state.label }) : ""}
    </p>
  );
}
