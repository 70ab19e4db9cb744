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
  if (deps.token) {
    if (!hasBearer(request, deps.token)) {
      return new Response("unauthorized\n", {
        status: 401,
        headers: { ...plain, "WWW-Authenticate": 'Bearer realm="metrics"' },
      });
    }
  } else if (!deps.open) {
    return new Response("metrics disabled: set METRICS_TOKEN (or METRICS_OPEN=true)\n", {
      status: 403,
      headers: plain,
    });
  }
  const body = await deps.registry.metrics();
  return new Response(body, {
    headers: { "Content-Type": deps.registry.contentType, "Cache-Control": "no-store" },
  });
}
