import { getTranslations } from "next-intl/server";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { listTargetsForMember } from "@/lib/targets/data";
import { deleteTargetAction } from "@/lib/targets/actions";
import { BrickForm } from "@/components/targets/brick-form";

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
              <th scope="col" className="py-2">{t("columns.label")}</th>
              <th scope="col">{t("columns.address")}</th>
              <th scope="col">{t("columns.kind")}</th>
              <th scope="col"><span className="sr-only">{t("columns.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id} className="border-b border-slate-200">
                <td className="py-2 font-medium">{target.label}</td>
                <td className="break-all">{target.address}</td>
                <td>{t(`kind.${target.kind}`)}</td>
                <td className="text-right">
                  <form action={deleteTargetAction}>
                    <input type="hidden" name="targetId" value={target.id} />
                    <button type="submit" className="text-sm text-red-800 underline" aria-label={`${t("delete")} ${target.label}`}>
                      {t("delete")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <BrickForm />
    </div>
  );
}
