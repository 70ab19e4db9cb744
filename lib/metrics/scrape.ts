import { hasBearer } from "@/lib/http/bearer";
import type { Registry } from "prom-client";

/**
 * Answers a Prometheus/vmagent scrape in the text format 0.0.4. With a token, only `Authorization: Bearer
 * <token>` is served; without one the exposition is open, for a server bound to loopback or behind the hub's
 * reverse proxy.
 */
export async function respondToScrape(request: Request, deps: { registry: Registry; token?: string }): Promise<Response> {
  if (deps.token && !hasBearer(request, deps.token)) {
    return new Response("unauthorized\n", {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  }
  const body = await deps.registry.metrics();
  return new Response(body, {
    headers: { "Content-Type": deps.registry.contentType, "Cache-Control": "no-store" },
  });
}
