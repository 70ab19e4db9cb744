import { getTranslations } from "next-intl/server";
import { TargetForm } from "@/components/targets/target-form";
import { TargetTable } from "@/components/targets/target-table";
import { toTargetView } from "@/components/targets/types";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listTargetsWithProbeState } from "@/lib/targets/live";

export default async function TargetsPage({ params }: PageProps<"/[locale]/targets">) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.targets");
  const targets = await listTargetsWithProbeState(await db(), viewer.memberId);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <TargetTable initial={targets.map(toTargetView)} />
      <TargetForm mode="add" title={t("addTitle")} />
    </div>
  );
}
