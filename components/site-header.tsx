import { useTranslations } from "next-intl";
import { LanguageSwitcher } from "@/components/language-switcher";
import { Link } from "@/lib/i18n/navigation";

type SiteHeaderProps = {
  locale: string;
  signedIn: boolean;
  isAdmin: boolean;
  signOutAction: () => Promise<void>;
};

export function SiteHeader({ signedIn, isAdmin, signOutAction }: SiteHeaderProps) {
  const t = useTranslations("ui.nav");
  const tDeliveries = useTranslations("ui.admin.deliveries");
  const tInfra = useTranslations("ui.admin.infra");
  const tTiers = useTranslations("ui.admin.tiers");
  const tAntennas = useTranslations("ui.antennas");
  const tAntennaDashboard = useTranslations("ui.antennaDashboard");
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        {t("skip")}
      </a>
      <nav aria-label="Vigie" className="mx-auto flex max-w-4xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-slate-900">
          {t("home")}
        </Link>
        {signedIn && (
          <>
            <Link href="/dashboard">{t("dashboard")}</Link>
            <Link href="/targets">{t("targets")}</Link>
            <Link href="/channels">{t("channels")}</Link>
            <Link href="/silences">{t("silences")}</Link>
            <Link href="/settings">{t("settings")}</Link>
            <Link href="/account">{t("account")}</Link>
            {isAdmin && <Link href="/admin/requests">{t("adminRequests")}</Link>}
            {isAdmin && <Link href="/admin/sync">{t("adminSync")}</Link>}
            {isAdmin && <Link href="/admin/deliveries">{tDeliveries("nav")}</Link>}
            {isAdmin && <Link href="/admin/infra">{tInfra("nav")}</Link>}
            {isAdmin && <Link href="/admin/tiers">{tTiers("nav")}</Link>}
            {isAdmin && <Link href="/admin/antennas">{tAntennas("nav")}</Link>}
            {isAdmin && <Link href="/admin/antennas/dashboard">{tAntennaDashboard("nav")}</Link>}
          </>
        )}
        <div className="ml-auto flex items-center gap-4">
          <LanguageSwitcher label={t("language")} />
          {signedIn && (
            <form action={signOutAction}>
              <button type="submit" className="text-sm text-slate-700 underline">
                {t("signOut")}
              </button>
            </form>
          )}
        </div>
      </nav>
    </header>
  );
}
