import { getTranslations } from "next-intl/server";
import { FailedDeliveries } from "@/components/deliveries/failed-deliveries";
import { OutboxHealth } from "@/components/deliveries/outbox-health";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listFailedDeliveries, readOutboxHealth } from "@/lib/deliveries/data";

export const dynamic = "force-dynamic";

export default async function DeliveriesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.deliveries");
  const database = await db();
  const [failed, health] = await Promise.all([
    listFailedDeliveries(database, scope, { limit: 200 }),
    readOutboxHealth(database, scope),
  ]);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <OutboxHealth {...health} now={new Date()} />
      <FailedDeliveries deliveries={failed.deliveries} total={failed.total} />
    </div>
  );
}
