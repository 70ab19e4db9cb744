import path from "node:path";
import { getTranslations } from "next-intl/server";
import { TierTable } from "@/components/tiers/tier-table";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { serviceUsersDir } from "@/lib/monitoring/render-vmauth";
import { monitoringConfigDir } from "@/lib/monitoring/runtime";
import { listKindTiers, listTiers } from "@/lib/tiers/data";

export const dynamic = "force-dynamic";

export default async function TiersPage({ params }: { params: Promise<{ locale: string }> }) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.tiers");
  const database = await db();
  const [tiers, kindTiers] = await Promise.all([listTiers(database, scope), listKindTiers(database, scope)]);
  return (
    <div className="space-y-10">
      <PageHeader title={t("title")} intro={t("intro")} />
      <TierTable
        tiers={tiers}
        kindTiers={kindTiers}
        serviceUsersFolder={path.join(monitoringConfigDir(), serviceUsersDir)}
      />
    </div>
  );
}
