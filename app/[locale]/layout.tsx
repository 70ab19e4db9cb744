import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { SiteFrame } from "@/components/site-frame";
import { currentViewer, signOut } from "@/lib/auth";
import { toLocale } from "@/lib/i18n/config";
import { routing } from "@/lib/i18n/routing";
import { withNotice } from "@/lib/page-notice";
import { canAdminister } from "@/lib/policy";
import "../globals.css";

export async function generateMetadata({ params }: LayoutProps<"/[locale]">): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale: toLocale(locale), namespace: "ui.meta" });
  return { title: t("title"), description: t("description") };
}

export default async function LocaleLayout({ children, params }: LayoutProps<"/[locale]">) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const viewer = await currentViewer();

  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: withNotice(`/${locale}`, "signed-out") });
  }

  return (
    <SiteFrame
      locale={locale}
      signedIn={viewer !== null}
      isAdmin={viewer !== null && canAdminister(viewer)}
      signOutAction={signOutAction}
    >
      {children}
    </SiteFrame>
  );
}
