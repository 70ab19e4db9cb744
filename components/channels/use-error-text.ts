"use client";

import { useTranslations } from "next-intl";

/**
 * Translates a channel error code from a server action with the numbers its message quotes: `code_wrong` how many
 * tries are left, the quota its limit, a cooldown how long to wait (absent ones read as 0).
 */
export function useErrorText(): (code: string | undefined, values?: Record<string, number | undefined>) => string | undefined {
  const tError = useTranslations("ui.channels.errors") as unknown as (key: string, values?: Record<string, number>) => string;
  return (code, values = {}) => {
    if (!code) return undefined;
    const { attemptsLeft = 0, limit = 0, seconds = 0, minutes = 0 } = values;
    return tError(code, { attemptsLeft, limit, seconds, minutes });
  };
}
