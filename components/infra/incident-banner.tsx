import { useFormatter, useTranslations } from "next-intl";
import type { ComponentKind } from "@/lib/infra/dependencies";

type OpenIncident = { id: string; componentName: string; componentKind: ComponentKind; startedAt: Date };

/** The hub's ongoing outages behind the member's targets: their alerts are held back meanwhile. */
export function IncidentBanner({ incidents }: { incidents: OpenIncident[] }) {
  const t = useTranslations("ui.dashboard.infraIncident");
  const format = useFormatter();
  if (incidents.length === 0) return null;
  return (
    <div role="status" className="space-y-1 rounded border border-red-300 bg-red-50 p-3">
      {incidents.map((incident) => (
        <p key={incident.id} data-incident-id={incident.id}>
          {t(incident.componentKind, {
            component: incident.componentName,
            since: format.dateTime(incident.startedAt, { dateStyle: "short", timeStyle: "short" }),
          })}
        </p>
      ))}
    </div>
  );
}
