import { getTranslations } from "next-intl/server";
import { AntennaTable } from "@/components/antennas/antenna-table";
import { PageHeader } from "@/components/ui/page-header";
import { listAntennas } from "@/lib/antennas/data";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listTiers } from "@/lib/tiers/data";
import { sameInstance } from "@/lib/tiers/instances";

export const dynamic = "force-dynamic";

export default async function AntennasPage({ params }: { params: Promise<{ locale: string }> }) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.antennas");
  const database = await db();
  const defaultInstanceUrl = env().VICTORIA_METRICS_URL;
  const [antennas, tiers] = await Promise.all([listAntennas(database, scope), listTiers(database, scope)]);
  return (
    <div className="space-y-10">
      <PageHeader title={t("title")} intro={t("intro")} />
      <AntennaTable
        antennas={antennas}
        tiers={tiers.map(({ id, name, holdsKinds, writeUrl }) => ({
          id,
          name,
          // The rules the save applies: kinds' tiers and the default instance (the hub's own series) are not offered.
          closedToAntennas: holdsKinds || sameInstance(writeUrl, defaultInstanceUrl),
        }))}
        now={new Date()}
      />
    </div>
  );
}
