import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { FlashNotice } from "@/components/flash-notice";
import { QueryProvider } from "@/components/query-provider";
import { SiteHeader } from "@/components/site-header";
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
    <html lang={locale}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <QueryProvider>
            <SiteHeader
              locale={locale}
              signedIn={viewer !== null}
              isAdmin={viewer !== null && canAdminister(viewer)}
              signOutAction={signOutAction}
            />
            <main id="content" className="mx-auto max-w-4xl px-4 py-8">
              <FlashNotice />
              {children}
            </main>
          </QueryProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
