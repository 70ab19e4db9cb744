"use client";

import { useTranslations } from "next-intl";
import { PageHeader } from "@/components/ui/page-header";
import { Link } from "@/lib/i18n/navigation";

/** A page that failed to render, inside the layout (header kept): say so in the page's language, offer a retry. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("ui.errorPage");
  return (
    <div role="alert" className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={reset}
          className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900"
        >
          {t("retry")}
        </button>
        <Link href="/" className="font-medium underline">
          {t("home")}
        </Link>
      </div>
    </div>
  );
}
