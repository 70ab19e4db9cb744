import { NextResponse } from "next/server";
import { z } from "zod";
import { historyRanges, loadResponseHistory } from "@/lib/dashboard/response-history";
import { dashboardSources } from "@/lib/dashboard/sources";
import { MetricsUnavailableError } from "@/lib/dashboard/victoria-metrics";
import { db } from "@/lib/db/client";
import { memberJsonRoute } from "@/lib/http/member-route";

export const dynamic = "force-dynamic";

const querySchema = z.object({ target: z.string().regex(/^t_[A-Za-z0-9_-]{1,64}$/), range: z.enum(historyRanges) });

/** One of the member's targets' response times over a range, for its chart; another member's target: 404. */
export const GET = memberJsonRoute(querySchema, async (viewer, { target, range }) => {
  const database = await db();
  const history = await loadResponseHistory(
    database,
    viewer.memberId,
    target,
    range,
    await dashboardSources(database),
  ).catch((error: unknown) => {
    if (error instanceof MetricsUnavailableError) return "unavailable" as const;
    throw error;
  });
  if (history === "unavailable") return NextResponse.json({ error: "metrics_unavailable" }, { status: 503 });
  if (!history) return NextResponse.json({ error: "not_found" }, { status: 404 });
  return history;
});
