"use client";

import { usePathname } from "next/navigation";
import { toLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/en/ui.json";
import fr from "@/lib/i18n/messages/fr/ui.json";
import nl from "@/lib/i18n/messages/nl/ui.json";
import "./globals.css";

const catalogues = { fr, nl, en };

/**
 * When the layout itself fails, this replaces the whole document: no message provider is left, so it reads its few
 * words straight from the catalogues, in the language of the address.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = toLocale(usePathname()?.split("/")[1]);
  const t = catalogues[locale].errorPage;
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <main className="mx-auto max-w-4xl space-y-6 px-4 py-8" role="alert">
          <h1 className="text-2xl font-bold">{t.title}</h1>
          <p>{t.intro}</p>
          <div className="flex flex-wrap items-center gap-4">
            <button
              type="button"
              onClick={reset}
              className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900"
            >
              {t.retry}
            </button>
            {/* A plain link: a full load rebuilds the layout that failed. */}
            <a href={`/${locale}`} className="font-medium underline">
              {t.home}
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
