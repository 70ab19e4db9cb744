"use client";

import { useTranslations } from "next-intl";
import type { DashboardTargetView } from "@/lib/dashboard/view";
import { useDashboardFormat } from "./use-dashboard-format";

type Incident = DashboardTargetView["incidents"][number];

/** One line per outage: its cause in plain words, start, end or "ongoing", and how long it lasted. */
export function IncidentList({ incidents, now }: { incidents: Incident[]; now: number }) {
  const t = useTranslations("ui.dashboard");
  const format = useDashboardFormat();
  if (incidents.length === 0) return <p className="text-sm">{t("incidents.none")}</p>;
  return (
    <ul className="space-y-2 text-sm">
      {incidents.map((incident) => (
        <li key={`${incident.cause}-${incident.start}`} className="border-l-4 border-slate-300 pl-2">
          <p className="font-medium">
            {incident.cause}
            {incident.end === null && (
              <span className="ml-2 rounded bg-red-100 px-1 text-red-900">{t("incidents.ongoing")}</span>
            )}
            {incident.undelivered && <strong className="text-red-800"> ({t("channelHealth.undelivered")})</strong>}
          </p>
          <p className="text-slate-700">
            {t("incidents.start", { when: format.dateTime(incident.start) })}
            {incident.end !== null && <> · {t("incidents.end", { when: format.dateTime(incident.end) })}</>} ·{" "}
            {t("incidents.duration", { duration: format.duration((incident.end ?? now) - incident.start) })}
          </p>
        </li>
      ))}
    </ul>
  );
}
