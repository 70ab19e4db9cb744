import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { FlashNotice } from "@/components/flash-notice";
import { QueryProvider } from "@/components/query-provider";
import { SiteHeader } from "@/components/site-header";

type SiteFrameProps = {
  locale: string;
  signedIn: boolean;
  isAdmin: boolean;
  signOutAction: () => Promise<void>;
  children: ReactNode;
};

/** The document every page is drawn in (header, main): the locale layout's, and the not-found page's outside a locale. */
export function SiteFrame({ locale, signedIn, isAdmin, signOutAction, children }: SiteFrameProps) {
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <QueryProvider>
            <SiteHeader signedIn={signedIn} isAdmin={isAdmin} signOutAction={signOutAction} />
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
