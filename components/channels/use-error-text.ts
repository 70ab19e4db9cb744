"use client";

import { useTranslations } from "next-intl";

/** Translates a channel error code from a server action; `code_wrong` needs how many tries are left. */
export function useErrorText(): (code: string | undefined, attemptsLeft?: number) => string | undefined {
  const tError = useTranslations("ui.channels.errors") as unknown as (key: string, values?: Record<string, number>) => string;
  return (code, attemptsLeft = 0) => (code ? tError(code, { attemptsLeft }) : undefined);
}
