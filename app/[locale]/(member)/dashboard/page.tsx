import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { toChannelView } from "@/components/channels/types";
import { ChannelWarning } from "@/components/dashboard/channel-warning";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { IncidentBanner } from "@/components/infra/incident-banner";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { listChannelsForMember } from "@/lib/channels/data";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { dashboardSources } from "@/lib/dashboard/sources";
import { toDashboardView } from "@/lib/dashboard/to-view";
import { db } from "@/lib/db/client";
import { toLocale } from "@/lib/i18n/config";
import { Link } from "@/lib/i18n/navigation";
import { listOpenIncidentsForMember } from "@/lib/infra/data";

export default async function DashboardPage({ params }: { params: Promise<{ locale: string }> }) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.dashboard");
  const kindName = await getTranslations("ui.targets.kind");
  const format = await getFormatter();
  const locale = toLocale(await getLocale());
  const database = await db();
  const [{ dashboard, moves }, channels, incidents] = await Promise.all([
    dashboardSources(database).then(async ({ metrics, metricsByKind, moves }) => ({
      dashboard: await loadDashboard(database, viewer.memberId, { metrics, metricsByKind }),
      moves,
    })),
    listChannelsForMember(database, viewer.memberId),
    listOpenIncidentsForMember(database, viewer.memberId),
  ]);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <IncidentBanner incidents={incidents} />
      <ChannelWarning channels={channels.map(toChannelView)} />
      {/* Only the member's own kinds: a move of a kind they do not use changes nothing they see. */}
      {moves
        .filter((move) => dashboard.targets.some((target) => target.kind === move.kind))
        .map((move) => (
          <p key={move.kind} className="rounded border border-slate-300 bg-slate-50 p-3">
            {t("tierMoved", {
              kind: kindName(move.kind),
              date: format.dateTime(move.movedAt, {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: "Europe/Brussels",
              }),
            })}
          </p>
        ))}
      {dashboard.targets.length === 0 ? (
        <p>
          {t("empty")}{" "}
          <Link href="/targets" className="underline">
            {t("addTarget")}
          </Link>
        </p>
      ) : (
        <LiveDashboard initial={toDashboardView(dashboard, locale)} />
      )}
    </div>
  );
}
