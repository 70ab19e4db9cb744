"use client";

import { useTranslations } from "next-intl";

/**
 * The one-click fix under an address typed without its scheme: it writes the suggestion into the form's `url`
 * field and puts the cursor there; the other fields keep what the member typed (nothing is re-mounted).
 */
export function SchemeSuggestionButton({ suggestion, onUsed }: { suggestion: string; onUsed: () => void }) {
  const t = useTranslations("ui.targets");
  return (
    <button
      type="button"
      className="rounded border border-teal-800 px-3 py-1 text-sm font-medium text-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2"
      onClick={(event) => {
        const field = event.currentTarget.form?.elements.namedItem("url");
        if (!(field instanceof HTMLInputElement)) return;
        field.value = suggestion;
        field.focus();
        onUsed();
      }}
    >
      <span className="address">{t("useSuggestion", { suggestion })}</span>
    </button>
  );
}
