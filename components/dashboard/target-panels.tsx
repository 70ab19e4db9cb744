"use client";

import { useTranslations } from "next-intl";
import type { DashboardTargetView } from "@/lib/dashboard/view";
import { IncidentList } from "./incident-list";
import { ResponseHistory } from "./response-history";
import { TargetDetails } from "./target-details";
import { DayTimeline, RecentTimeline } from "./uptime-bars";

/** Per target: its up/down timelines, response-time chart and incidents, drawn once its details are opened. */
export function TargetPanels({ targets, now }: { targets: DashboardTargetView[]; now: number }) {
  const t = useTranslations("ui.dashboard");
  return (
    <ul className="space-y-2">
      {targets.map((target) => (
        <li key={target.id} id={`details-${target.id}`} className="scroll-mt-4">
          <TargetDetails targetId={target.id} title={target.label}>
            {() => (
              <>
                <section className="space-y-3">
                  <RecentTimeline runs={target.recent} />
                  <DayTimeline days={target.days.slice(-30)} />
                  <DayTimeline days={target.days} />
                  <p className="text-xs text-slate-700">{t("timeline.legend")}</p>
                </section>
                <ResponseHistory targetId={target.id} />
                <section className="space-y-2">
                  <h3 className="font-medium">{t("incidents.title")}</h3>
                  <IncidentList incidents={target.incidents} now={now} />
                </section>
              </>
            )}
          </TargetDetails>
        </li>
      ))}
    </ul>
  );
}
