import { getTranslations } from "next-intl/server";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { PageHeader } from "@/components/ui/page-header";
import { confirmationWordFor } from "@/lib/account/schema";
import { enterPage } from "@/lib/auth";

export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await enterPage(params, "member");
  const t = await getTranslations("ui.account");

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <section aria-labelledby="export-title" className="space-y-3 rounded border border-slate-200 bg-white p-4">
        <h2 id="export-title" className="text-xl font-semibold">
          {t("export.title")}
        </h2>
        <p>{t("export.description")}</p>
        <a
          href="/api/account/export"
          download
          className="inline-block rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          {t("export.button")}
        </a>
      </section>
      <section aria-labelledby="delete-title" className="space-y-3 rounded border border-red-200 bg-white p-4">
        <h2 id="delete-title" className="text-xl font-semibold">
          {t("delete.title")}
        </h2>
        <p>{t("delete.description")}</p>
        <ul className="list-disc pl-5">
          <li>{t("delete.removes.targets")}</li>
          <li>{t("delete.removes.channels")}</li>
          <li>{t("delete.removes.silences")}</li>
          <li>{t("delete.removes.notifications")}</li>
          <li>{t("delete.removes.monitoring")}</li>
        </ul>
        <p className="font-medium">{t("delete.irreversible")}</p>
        <DeleteAccountForm locale={locale} word={confirmationWordFor(locale)} />
      </section>
    </div>
  );
}
