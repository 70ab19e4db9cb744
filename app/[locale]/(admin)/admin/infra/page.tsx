import { randomUUID } from "node:crypto";
import { getTranslations } from "next-intl/server";
import { ComponentTable } from "@/components/infra/component-table";
import { DependencyTable } from "@/components/infra/dependency-table";
import { IncidentTable } from "@/components/infra/incident-table";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listDependentTargets, listInfraComponents, listRecentIncidents } from "@/lib/infra/data";
import { defaultVpnServerOf, resolveDependency } from "@/lib/infra/dependencies";

export const dynamic = "force-dynamic";

export default async function InfraPage({ params }: { params: Promise<{ locale: string }> }) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.infra");
  const database = await db();
  const [components, targets, incidents] = await Promise.all([
    listInfraComponents(database),
    listDependentTargets(database, scope),
    listRecentIncidents(database, scope, 30),
  ]);
  const defaultId = defaultVpnServerOf(components);
  const dependents = new Map<string, number>();
  for (const target of targets) {
    const component = resolveDependency(target, defaultId);
    if (component && target.status === "active") dependents.set(component, (dependents.get(component) ?? 0) + 1);
  }
  // One key per rendering of each note form: a double submit of the same form sends the note once.
  const noteKeys = new Map(
    incidents.filter((incident) => !incident.endedAt).map((incident) => [incident.id, randomUUID()]),
  );

  return (
    <div className="space-y-10">
      <PageHeader title={t("title")} intro={t("intro")} />
      <IncidentTable incidents={incidents} noteKeys={noteKeys} />
      <ComponentTable components={components} dependents={dependents} />
      <DependencyTable
        targets={targets}
        components={components}
        defaultVpnServer={components.find((c) => c.id === defaultId) ?? null}
      />
    </div>
  );
}
