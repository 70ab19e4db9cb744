"use client";

import { useTranslations } from "next-intl";
import { FormOutcome } from "@/components/ui/form-outcome";
import type { InfraResult } from "@/lib/infra/actions";

/** What the last infra submission did (saved, deleted, linked, told so many members), or why it was refused. */
export function InfraFormOutcome({ state }: { state: InfraResult | null }) {
  const t = useTranslations("ui.admin.infra");
  return (
    <FormOutcome
      state={state}
      doneText={(done) => t(`done.${done.what}`, { label: done.label, count: done.count ?? 0 })}
    />
  );
}
