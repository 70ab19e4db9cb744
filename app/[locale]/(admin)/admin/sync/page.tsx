import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listSyncRuns } from "@/lib/monitoring/data";

export const dynamic = "force-dynamic";

const resultStyle = {
  applied: "text-teal-900",
  unchanged: "text-slate-700",
  failed: "font-semibold text-red-800",
} as const;

export default async function SyncRunsPage({ params }: PageProps<"/[locale]/admin/sync">) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.sync");
  const format = await getFormatter();
  const runs = await listSyncRuns(await db(), scope, 50);

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      {runs.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="stacked-table w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("columns.startedAt")}
              </th>
              <th scope="col">{t("columns.result")}</th>
              <th scope="col">{t("columns.hash")}</th>
              <th scope="col">{t("columns.files")}</th>
              <th scope="col">{t("columns.error")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} className="border-b border-slate-200 align-top" data-result={run.result}>
                <td className="py-2 whitespace-nowrap" data-label={t("columns.startedAt")}>
                  {format.dateTime(run.startedAt, { dateStyle: "short", timeStyle: "medium" })}
                </td>
                <td className={resultStyle[run.result]} data-label={t("columns.result")}>
                  {t(`result.${run.result}`)}
                </td>
                <td className="font-mono" data-label={t("columns.hash")}>
                  {run.configHash.slice(0, 12)}
                </td>
                <td className="break-words" data-label={t("columns.files")}>
                  {run.changedFiles.join(", ")}
                </td>
                <td
                  className="whitespace-pre-wrap break-all font-mono text-red-800"
                  data-label={run.error ? t("columns.error") : undefined}
                >
                  {run.error}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
