import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";

/**
 * Stands in for Alertmanager and vmalert in unit tests: `/-/reload` loads `<configDir>/alertmanager.yml` (or
 * refuses with 500 when `refuse` is set) and `/api/v2/status` shows what was loaded, like the real one.
 */
export async function startFakeServices(configDir: string) {
  const state = { refuse: false, reloads: 0, loaded: "" };
  const server: Server = createServer(async (request, response) => {
    if (request.method === "POST" && request.url === "/-/reload") {
      state.reloads += 1;
      if (state.refuse) {
        response.writeHead(500).end('failed to reload config: undefined receiver "x"');
        return;
      }
      state.loaded = await readFile(path.join(configDir, "alertmanager.yml"), "utf8").catch(() => "");
      response.writeHead(200).end();
    } else if (request.url === "/api/v2/status") {
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ config: { original: state.loaded } }));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
