import { NextResponse } from "next/server";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { dashboardSources } from "@/lib/dashboard/sources";
import { toDashboardView } from "@/lib/dashboard/to-view";
import { db } from "@/lib/db/client";
import { locales } from "@/lib/i18n/config";

export const dynamic = "force-dynamic";

const querySchema = z.object({ locale: z.enum(locales) });

/** Polled by the open dashboard: the signed-in member's own dashboard, in the page's language. */
export async function GET(request: Request) {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return NextResponse.json({ error: "invalid" }, { status: 400 });
  const database = await db();
  const { metrics, metricsByKind } = await dashboardSources(database);
  const dashboard = await loadDashboard(database, viewer.memberId, { metrics, metricsByKind });
  return NextResponse.json(toDashboardView(dashboard, query.data.locale), {
    headers: { "cache-control": "no-store" },
  });
}
