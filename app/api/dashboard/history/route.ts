import { NextResponse } from "next/server";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { historyRanges, loadResponseHistory } from "@/lib/dashboard/response-history";
import { dashboardSources } from "@/lib/dashboard/sources";
import { MetricsUnavailableError } from "@/lib/dashboard/victoria-metrics";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const querySchema = z.object({ target: z.string().regex(/^t_[A-Za-z0-9_-]{1,64}$/), range: z.enum(historyRanges) });

/** One of the member's targets' response times over a range, for its chart; another member's target: 404. */
export async function GET(request: Request) {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return NextResponse.json({ error: "invalid" }, { status: 400 });
  const database = await db();
  const { metrics, metricsByKind } = await dashboardSources(database);
  const history = await loadResponseHistory(database, viewer.memberId, query.data.target, query.data.range, {
    metrics,
    metricsByKind,
  }).catch((error: unknown) => {
    if (error instanceof MetricsUnavailableError) return "unavailable" as const;
    throw error;
  });
  if (history === "unavailable") return NextResponse.json({ error: "metrics_unavailable" }, { status: 503 });
  if (!history) return NextResponse.json({ error: "not_found" }, { status: 404 });
  return NextResponse.json(history, { headers: { "cache-control": "no-store" } });
}
