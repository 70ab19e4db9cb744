"use client";

import { useLocale } from "next-intl";
import { type Locale, locales } from "@/lib/i18n/config";
import { usePathname, useRouter } from "@/lib/i18n/navigation";
import { rememberLocaleAction } from "@/lib/members/actions";

const names: Record<Locale, string> = { fr: "Français", nl: "Nederlands", en: "English" };

export function LanguageSwitcher({ label }: { label: string }) {
  const locale = useLocale();
  const pathname = usePathname();
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      {/* Named for screen readers; on screen the list of language names says what it is, and the header keeps to one line. */}
      <span className="sr-only">{label}</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1"
        value={locale}
        onChange={async (event) => {
          const next = event.target.value as Locale;
          await rememberLocaleAction(next);
          router.replace(pathname, { locale: next });
        }}
      >
        {locales.map((code) => (
          <option key={code} value={code} lang={code}>
            {names[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
