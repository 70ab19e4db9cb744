import { getTranslations } from "next-intl/server";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { listPendingRequests } from "@/lib/targets/data";
import { RequestReview } from "@/components/targets/request-review";

export const dynamic = "force-dynamic";

export default async function RequestsPage({ params }: { params: Promise<{ locale: string }> }) {
  await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.requests");
  const requests = await listPendingRequests(await db());

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <RequestReview requests={requests} />
    </div>
  );
}
