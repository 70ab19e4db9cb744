import { useFormatter, useTranslations } from "next-intl";
import type { IncidentSummary } from "@/lib/infra/data";
import { IncidentNoteForm } from "./incident-note-form";

/** Open incidents first, each with the form to write to its members; then recent ended ones. */
export function IncidentTable({
  incidents,
  noteKeys,
}: {
  incidents: IncidentSummary[];
  noteKeys: ReadonlyMap<string, string>;
}) {
  const t = useTranslations("ui.admin.infra.incidents");
  const tKinds = useTranslations("ui.admin.infra.components.kinds");
  const format = useFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "short", timeStyle: "short" });
  return (
    <section className="space-y-4" aria-labelledby="incidents-title">
      <h2 id="incidents-title" className="text-xl font-semibold">
        {t("title")}
      </h2>
      <p>{t("intro")}</p>
      {incidents.length === 0 && <p>{t("empty")}</p>}
      <ul className="space-y-4">
        {incidents.map((incident) => (
          <li key={incident.id} className="rounded border border-slate-300 p-4" data-incident-id={incident.id}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 text-sm">
              <dt className="font-medium">{t("component")}</dt>
              <dd>
                {incident.componentName} ({tKinds(incident.componentKind)})
              </dd>
              <dt className="font-medium">{t("startedAt")}</dt>
              <dd>{when(incident.startedAt)}</dd>
              <dt className="font-medium">{t("endedAt")}</dt>
              <dd className={incident.endedAt ? "" : "font-semibold text-red-800"}>
                {incident.endedAt ? when(incident.endedAt) : t("ongoing")}
              </dd>
              <dt className="font-medium">{t("members")}</dt>
              <dd>{incident.membersTold}</dd>
            </dl>
            {!incident.endedAt && (
              <div className="mt-3">
                <IncidentNoteForm incidentId={incident.id} noteKey={noteKeys.get(incident.id)!} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
