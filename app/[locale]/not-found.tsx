import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";

export default async function NotFound() {
  const t = await getTranslations("ui.notFound");
  const locale = await getLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <Link href={`/${locale}`} className="font-medium text-teal-800 underline">
        {t("home")}
      </Link>
    </div>
  );
}
