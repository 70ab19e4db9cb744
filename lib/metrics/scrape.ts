import { createHash, timingSafeEqual } from "node:crypto";
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

// Hashing both sides gives equal lengths, which timingSafeEqual needs, without leaking the token's length.
function hasBearer(request: Request, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}
