import { createServer } from "node:http";

export type FakeExporter = {
  /** `127.0.0.1:port`, to give the stack as an exporter to scrape. */
  address: string;
  /** Replaces the Prometheus text exposition served from now on. */
  serve(text: string): void;
  close(): Promise<void>;
};

/**
 * Stands in for prometheus-pve-exporter or the VPN server's exporter in tests: serves whatever metrics text
 * the test sets, so a test can take a guest down or a VPN client offline.
 */
export async function startFakeExporter(initial = ""): Promise<FakeExporter> {
  let text = initial;
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    serve: (next) => (text = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
