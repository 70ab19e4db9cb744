import { useTranslations } from "next-intl";
import { LanguageSwitcher } from "@/components/language-switcher";
import { Disclosure } from "@/components/site-nav/disclosure";
import { type NavItem, NavLinks } from "@/components/site-nav/nav-links";
import { Link } from "@/lib/i18n/navigation";

type SiteHeaderProps = {
  signedIn: boolean;
  isAdmin: boolean;
  signOutAction: () => Promise<void>;
};

const menuButton =
  "flex cursor-pointer list-none items-center gap-1 rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-900 [&::-webkit-details-marker]:hidden";

/**
 * The site's navigation. From 40rem, one line: the member's pages, then the admin pages under one "Administration"
 * menu. Below, the brand, a "Menu" button holding every link (the admin ones as their own group) and the language.
 */
export function SiteHeader({ signedIn, isAdmin, signOutAction }: SiteHeaderProps) {
  const t = useTranslations("ui.nav");
  const tDeliveries = useTranslations("ui.admin.deliveries");
  const tInfra = useTranslations("ui.admin.infra");
  const tTiers = useTranslations("ui.admin.tiers");
  const tAntennas = useTranslations("ui.antennas");
  const tAntennaDashboard = useTranslations("ui.antennaDashboard");
  const memberItems: NavItem[] = signedIn
    ? [
        { href: "/dashboard", label: t("dashboard") },
        { href: "/targets", label: t("targets") },
        { href: "/channels", label: t("channels") },
        { href: "/silences", label: t("silences") },
        { href: "/settings", label: t("settings") },
        { href: "/account", label: t("account") },
      ]
    : [];
  const adminItems: NavItem[] =
    signedIn && isAdmin
      ? [
          { href: "/admin/requests", label: t("adminRequests") },
          { href: "/admin/sync", label: t("adminSync") },
          { href: "/admin/deliveries", label: tDeliveries("nav") },
          { href: "/admin/infra", label: tInfra("nav") },
          { href: "/admin/tiers", label: tTiers("nav") },
          { href: "/admin/antennas", label: tAntennas("nav") },
          { href: "/admin/antennas/dashboard", label: tAntennaDashboard("nav") },
        ]
      : [];
  const signOut = signedIn && (
    <form action={signOutAction}>
      <button type="submit" className="text-sm text-slate-700 underline">
        {t("signOut")}
      </button>
    </form>
  );
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("skip")}
      </a>
      <nav aria-label="Vigie" className="relative mx-auto flex max-w-7xl items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-slate-900">
          {t("home")}
        </Link>
        {signedIn && (
          <div className="hidden flex-wrap items-center gap-x-4 gap-y-2 sm:flex">
            <NavLinks items={memberItems} className="flex flex-wrap items-center gap-x-3 gap-y-1" />
            {adminItems.length > 0 && (
              <Disclosure
                label={t("admin")}
                className="relative"
                summaryClassName={menuButton}
                panelClassName="absolute left-0 z-20 mt-2 w-max rounded border border-slate-300 bg-white p-3 shadow-lg"
              >
                <NavLinks items={adminItems} className="space-y-2" />
              </Disclosure>
            )}
          </div>
        )}
        <div className="ml-auto flex items-center gap-3">
          <LanguageSwitcher label={t("language")} />
          <div className="hidden sm:block">{signOut}</div>
          {signedIn && (
            <Disclosure
              label={t("menu")}
              className="sm:hidden"
              summaryClassName={menuButton}
              panelClassName="absolute inset-x-0 top-full z-20 space-y-4 border-b border-slate-300 bg-white px-4 py-4 shadow-lg"
            >
              <NavLinks items={memberItems} className="space-y-3" linkClassName="block" />
              {adminItems.length > 0 && (
                <section aria-labelledby="phone-admin-menu" className="space-y-3 border-t border-slate-200 pt-3">
                  <h2 id="phone-admin-menu" className="text-sm font-semibold text-slate-700">
                    {t("admin")}
                  </h2>
                  <NavLinks items={adminItems} className="space-y-3" linkClassName="block" />
                </section>
              )}
              <div className="border-t border-slate-200 pt-3">{signOut}</div>
            </Disclosure>
          )}
        </div>
      </nav>
    </header>
  );
}
