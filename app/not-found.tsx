import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NotFoundNotice } from "@/components/not-found-notice";
import { SiteFrame } from "@/components/site-frame";
import { currentViewer, signOut } from "@/lib/auth";
import { withNotice } from "@/lib/page-notice";
import { canAdminister } from "@/lib/policy";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ui.meta");
  return { title: t("title"), description: t("description") };
}

/**
 * An address no page matches (/fr/foo, /nl/targets/x, /foo.php): the not-found page in the site's frame, in the
 * language of the address (the proxy's locale; the default one for paths it leaves alone, such as file names).
 * Next.js renders it whole on the server, so it reads without JavaScript too; a page's own notFound() (an unknown
 * target) is drawn by app/[locale]/not-found.tsx, which Next.js sends as an empty shell that its script fills
 * (vercel/next.js#62228).
 */
export default async function RootNotFound() {
  const locale = await getLocale();
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
      <NotFoundNotice />
    </SiteFrame>
  );
}
