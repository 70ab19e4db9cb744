"use client";

import { useTranslations } from "next-intl";
import { type Reason, type ReasonValues, reasonMessageValues } from "@/lib/action-result";

/**
 * Turns an action's reason into the member's language, with what its message quotes (absent numbers read as 0,
 * so a message never shows a placeholder). The one place a reason becomes text.
 */
export function useReasonText(): (reason: Reason | undefined, values?: ReasonValues) => string | undefined {
  const t = useTranslations("ui.errors");
  return (reason, values) => {
    if (!reason) return undefined;
    return t(reason, reasonMessageValues(values));
  };
}
