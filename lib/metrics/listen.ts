import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { log } from "@/lib/log";
import { respondToScrape, type ScrapeAccess } from "./scrape";

export type MetricsServer = { port: number; close: () => Promise<void> };

/**
 * A small HTTP listener serving `registry` on /metrics, for the standalone worker, which has no Next.js server.
 * Same answers (and the same METRICS_TOKEN / METRICS_OPEN rule) as the portal's /metrics route.
 */
export async function startMetricsServer(
  options: { host: string; port: number; registry: Registry } & ScrapeAccess,
): Promise<MetricsServer> {
  const server: Server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://metrics.invalid");
    if (url.pathname !== "/metrics" || (incoming.method !== "GET" && incoming.method !== "HEAD")) {
      outgoing.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    const headers = new Headers();
    if (incoming.headers.authorization) headers.set("authorization", incoming.headers.authorization);
    respondToScrape(new Request(url, { headers }), options)
      .then(async (response) => {
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(incoming.method === "HEAD" ? undefined : await response.text());
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "metrics scrape failed");
        outgoing.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("metrics unavailable\n");
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  log.info({ host: options.host, port: (server.address() as AddressInfo).port }, "worker metrics listening");
  if (!options.token && !options.open)
    log.warn("worker /metrics answers 403 to every scrape: set METRICS_TOKEN (or METRICS_OPEN=true)");
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
