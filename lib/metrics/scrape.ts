import type { Registry } from "prom-client";
import { hasBearer } from "@/lib/http/bearer";

/** Who may scrape: holders of a bearer token, or anyone when the operator said so explicitly (METRICS_OPEN=true). */
export type ScrapeAccess = { token?: string; open?: boolean };

const plain = { "Content-Type": "text/plain; charset=utf-8" };

/**
 * Answers a Prometheus/vmagent scrape in the text format 0.0.4. With a token, only `Authorization: Bearer
 * <token>` is served. Without one the exposition is refused unless `open` is set: the metrics name the hub's
 * load and failures, so a forgotten token must not publish them.
 */
export async function respondToScrape(
  request: Request,
  deps: { registry: Registry } & ScrapeAccess,
): Promise<Response> {
  const refused = refuseScrape(request, deps);
  if (refused) return refused;
  const body = await deps.registry.metrics();
  return new Response(body, {
    headers: { "Content-Type": deps.registry.contentType, "Cache-Control": "no-store" },
  });
}

/** The refusal a scrape gets under the rule above, or null when it may be served. */
export function refuseScrape(request: Request, access: ScrapeAccess): Response | null {
  if (access.token) {
    if (hasBearer(request, access.token)) return null;
    return new Response("unauthorized\n", {
      status: 401,
      headers: { ...plain, "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  if (access.open) return null;
  return new Response("metrics disabled: set METRICS_TOKEN (or METRICS_OPEN=true)\n", { status: 403, headers: plain });
}
