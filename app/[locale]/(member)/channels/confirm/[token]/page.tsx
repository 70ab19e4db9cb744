import { getTranslations, setRequestLocale } from "next-intl/server";
import { ConfirmEmailForm } from "@/components/channels/confirm-email-form";
import { PageHeader } from "@/components/ui/page-header";
import { toLocale } from "@/lib/i18n/config";

/** Opened from the confirmation mail, signed in or not: the token in the URL is the proof. */
export default async function ConfirmEmailPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  setRequestLocale(toLocale(locale));
  const t = await getTranslations("ui.channels.confirm");
  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <ConfirmEmailForm token={token} channelsHref={`/${toLocale(locale)}/channels`} />
    </div>
  );
}
