import { getTranslations } from "next-intl/server";
import { GuardPausedList } from "@/components/targets/guard-paused-list";
import { RequestReview } from "@/components/targets/request-review";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listGuardPausedTargets, listPendingRequests } from "@/lib/targets/data";

export const dynamic = "force-dynamic";

export default async function RequestsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { scope } = await enterPage(params, "admin");
  const t = await getTranslations("ui.admin.requests");
  const database = await db();
  const [requests, guardPaused] = await Promise.all([
    listPendingRequests(database, scope),
    listGuardPausedTargets(database, scope),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <p className="max-w-prose rounded border border-amber-300 bg-amber-50 p-3 text-sm">{t("approvalScope")}</p>
      <RequestReview requests={requests} />
      <GuardPausedList targets={guardPaused} />
    </div>
  );
}
