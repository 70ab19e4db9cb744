import { getTranslations } from "next-intl/server";
import { TargetForm } from "@/components/targets/target-form";
import { TargetRowActions } from "@/components/targets/target-row-actions";
import { TargetState } from "@/components/targets/target-state";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listTargetsForMember } from "@/lib/targets/data";

export default async function TargetsPage({ params }: PageProps<"/[locale]/targets">) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.targets");
  const targets = await listTargetsForMember(await db(), viewer.memberId);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      {targets.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("columns.label")}
              </th>
              <th scope="col">{t("columns.kind")}</th>
              <th scope="col">{t("columns.address")}</th>
              <th scope="col">{t("columns.state")}</th>
              <th scope="col">
                <span className="sr-only">{t("columns.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id} className="border-b border-slate-200 align-top" data-target-id={target.id}>
                <td className="py-2 font-medium">{target.label}</td>
                <td>{t(`kind.${target.kind}`)}</td>
                <td className="break-all font-mono text-sm">{target.address}</td>
                <td>
                  <TargetState target={target} />
                </td>
                <td className="py-2">
                  <TargetRowActions target={target} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TargetForm mode="add" title={t("addTitle")} />
    </div>
  );
}
