import { env } from "@/lib/env";
import { processMetrics } from "@/lib/metrics/registry";
import { respondToScrape } from "@/lib/metrics/scrape";

// prom-client and the database need Node; every scrape reads fresh values.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  const settings = env();
  return respondToScrape(request, {
    registry: processMetrics().registry,
    token: settings.METRICS_TOKEN,
    open: settings.METRICS_OPEN,
  });
}
