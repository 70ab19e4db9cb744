"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { type DashboardView, dashboardViewSchema } from "@/lib/dashboard/view";
import { DashboardTable } from "./dashboard-table";
import { stateChanges } from "./state-changes";
import { TargetPanels } from "./target-panels";
import { useDashboardFormat } from "./use-dashboard-format";

/** Often enough to show a change within 10 s; TanStack Query stops polling while the tab is hidden. */
const pollMs = 5_000;

async function fetchDashboard(locale: string): Promise<DashboardView> {
  const response = await fetch(`/api/dashboard?${new URLSearchParams({ locale })}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`dashboard: HTTP ${response.status}`);
  return dashboardViewSchema.parse(await response.json());
}

/**
 * The dashboard's table and details, kept current by polling /api/dashboard. A state change is said once, politely,
 * to screen readers ("My brick: Down"); the details the member opened stay open.
 */
export function LiveDashboard({ initial }: { initial: DashboardView }) {
  const t = useTranslations("ui.dashboard");
  const locale = useLocale();
  const format = useDashboardFormat();
  const query = useQuery({
    queryKey: ["dashboard", locale],
    queryFn: () => fetchDashboard(locale),
    initialData: initial,
    initialDataUpdatedAt: initial.generatedAt,
    refetchInterval: pollMs,
    refetchIntervalInBackground: false,
  });
  const dashboard = query.data;
  const announcement = useStateAnnouncement(dashboard);
  const updatedAt = Math.floor(dashboard.generatedAt / 1000);

  return (
    <div className="space-y-8">
      <p aria-live="polite" className="sr-only" data-testid="dashboard-announcement">
        {announcement}
      </p>
      {dashboard.metrics !== "available" && (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          {t(dashboard.metrics === "unavailable" ? "metricsUnavailable" : "metricsNotConfigured")}
        </p>
      )}
      <div className="space-y-2">
        <DashboardTable targets={dashboard.targets} />
        <p className="text-xs text-slate-700">
          {t("live.updated", { time: format.time(updatedAt) })}
          {query.isError && <span className="ml-2 text-red-900">{t("live.failed")}</span>}
        </p>
      </div>
      <section aria-labelledby="details-title" className="space-y-3">
        <h2 id="details-title" className="text-xl font-semibold">
          {t("detailsTitle")}
        </h2>
        <TargetPanels targets={dashboard.targets} now={updatedAt} />
      </section>
    </div>
  );
}

/** The sentence announcing the states that changed since the previous answer; kept until the next change. */
function useStateAnnouncement(dashboard: DashboardView): string {
  const t = useTranslations("ui.dashboard");
  const previous = useRef(dashboard.targets);
  const [text, setText] = useState("");
  useEffect(() => {
    const changes = stateChanges(previous.current, dashboard.targets);
    previous.current = dashboard.targets;
    if (changes.length === 0) return;
    setText(
      changes.map((change) => t("live.change", { label: change.label, state: t(`state.${change.state}`) })).join(". "),
    );
  }, [dashboard, t]);
  return text;
}
