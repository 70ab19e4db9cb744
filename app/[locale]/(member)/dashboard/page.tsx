import { getFormatter, getTranslations } from "next-intl/server";
import { toChannelView } from "@/components/channels/types";
import { ChannelWarning } from "@/components/dashboard/channel-warning";
import { DashboardTable } from "@/components/dashboard/dashboard-table";
import { TargetPanels } from "@/components/dashboard/target-panels";
import { IncidentBanner } from "@/components/infra/incident-banner";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { listChannelsForMember } from "@/lib/channels/data";
import { withKindHistory } from "@/lib/dashboard/kind-history";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { metricsClientsByKind } from "@/lib/dashboard/tier-sources";
import { metricsClientFromEnv } from "@/lib/dashboard/victoria-metrics";
import { db } from "@/lib/db/client";
import { Link } from "@/lib/i18n/navigation";
import { listOpenIncidentsForMember } from "@/lib/infra/data";

export default async function DashboardPage({ params }: { params: Promise<{ locale: string }> }) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.dashboard");
  const kindName = await getTranslations("ui.targets.kind");
  const format = await getFormatter();
  const database = await db();
  const metrics = metricsClientFromEnv();
  const [{ dashboard, moves }, channels, incidents] = await Promise.all([
    // Each target's series from its kind's tier; kinds without one from VICTORIA_METRICS_URL; a kind that moved
    // to another tier reads its history from the one it left too.
    metricsClientsByKind(database)
      .then((metricsByKind) => withKindHistory(database, metricsByKind, metrics))
      .then(async (history) => ({
        dashboard: await loadDashboard(database, viewer.memberId, { metrics, metricsByKind: history.metricsByKind }),
        moves: history.moves,
      })),
    listChannelsForMember(database, viewer.memberId),
    listOpenIncidentsForMember(database, viewer.memberId),
  ]);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <IncidentBanner incidents={incidents} />
      <ChannelWarning channels={channels.map(toChannelView)} />
      {dashboard.metrics !== "available" && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          {t(dashboard.metrics === "unavailable" ? "metricsUnavailable" : "metricsNotConfigured")}
        </p>
      )}
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
        <>
          <DashboardTable targets={dashboard.targets} />
          <section aria-labelledby="details-title" className="space-y-3">
            <h2 id="details-title" className="text-xl font-semibold">
              {t("detailsTitle")}
            </h2>
            <TargetPanels targets={dashboard.targets} />
          </section>
        </>
      )}
    </div>
  );
}
