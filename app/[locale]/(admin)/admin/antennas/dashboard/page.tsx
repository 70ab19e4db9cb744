import { getFormatter, getTranslations } from "next-intl/server";
import { AntennaCharts } from "@/components/antennas/dashboard/antenna-charts";
import { AntennaFilters } from "@/components/antennas/dashboard/antenna-filters";
import { AntennaTable } from "@/components/antennas/dashboard/antenna-table";
import { PageHeader } from "@/components/ui/page-header";
import { type AntennaWindow, antennaWindows } from "@/lib/antennas/dashboard-queries";
import { loadAntennaDashboard } from "@/lib/antennas/load-antenna-dashboard";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

type SearchParams = Promise<{ window?: string | string[]; antenna?: string | string[] }>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const windowOf = (value: string | undefined): AntennaWindow =>
  antennaWindows.find((window) => window === value) ?? "24h";

export default async function AntennaDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: SearchParams;
}) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.antennaDashboard");
  const format = await getFormatter();
  const query = await searchParams;
  const dashboard = await loadAntennaDashboard(await db(), scope, {
    window: windowOf(first(query.window)),
    antennaId: first(query.antenna) || null,
  });
  const windowName = t(`filters.windows.${dashboard.window}`);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      {dashboard.antennas.length === 0 ? (
        <p>{t("noAntennas")}</p>
      ) : (
        <>
          <AntennaFilters
            antennas={dashboard.antennas}
            selectedId={dashboard.selected?.id ?? null}
            window={dashboard.window}
          />
          {dashboard.unavailableTiers > 0 && (
            <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
              {t("unavailable", { count: dashboard.unavailableTiers })}
            </p>
          )}
          {dashboard.moves.length > 0 && (
            <ul className="space-y-1 rounded border border-slate-300 bg-slate-50 p-3">
              {dashboard.moves.map((move) => (
                <li key={`${move.placeCode}-${move.movedAt.getTime()}`}>
                  {t("moved", {
                    placeCode: move.placeCode,
                    date: format.dateTime(move.movedAt, {
                      dateStyle: "medium",
                      timeStyle: "short",
                      timeZone: "Europe/Brussels",
                    }),
                  })}
                </li>
              ))}
            </ul>
          )}
          <p className="text-lg font-medium">
            {dashboard.selected
              ? t("scope.one", { placeCode: dashboard.selected.placeCode, window: windowName })
              : t("scope.all", { window: windowName })}
          </p>
          <AntennaCharts charts={dashboard.charts} allAntennas={dashboard.selected === null} />
          <AntennaTable rows={dashboard.rows} />
        </>
      )}
    </div>
  );
}
