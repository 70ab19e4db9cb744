import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { Link } from "@/lib/i18n/navigation";

/** What an unknown address shows, in the page's language, with the way back home. */
export async function NotFoundNotice() {
  const t = await getTranslations("ui.notFound");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <Link href="/" className="font-medium underline">
        {t("home")}
      </Link>
    </div>
  );
}
