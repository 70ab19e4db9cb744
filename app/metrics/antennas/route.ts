import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { respondWithAntennaInfo } from "@/lib/monitoring/antenna-info";

// The database needs Node; every scrape reads fresh rows.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The antennas' info series, which the antenna alert rules join with (lib/monitoring/render-antenna-rules.ts). */
export async function GET(request: Request): Promise<Response> {
  const settings = env();
  return respondWithAntennaInfo(request, await db(), { token: settings.METRICS_TOKEN, open: settings.METRICS_OPEN });
}
