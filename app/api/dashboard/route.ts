import { z } from "zod";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { dashboardSources } from "@/lib/dashboard/sources";
import { toDashboardView } from "@/lib/dashboard/to-view";
import { db } from "@/lib/db/client";
import { memberJsonRoute } from "@/lib/http/member-route";
import { locales } from "@/lib/i18n/config";

export const dynamic = "force-dynamic";

/** Polled by the open dashboard: the signed-in member's own dashboard, in the page's language. */
export const GET = memberJsonRoute(z.object({ locale: z.enum(locales) }), async (viewer, { locale }) => {
  const database = await db();
  const dashboard = await loadDashboard(database, viewer.memberId, await dashboardSources(database));
  return toDashboardView(dashboard, locale);
});
