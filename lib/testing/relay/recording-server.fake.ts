import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: unknown };
export type ScriptedReply = { status: number; headers?: Record<string, string>; body: string };

/**
 * A local HTTP server for transport tests: records each request and answers with the current scripted reply.
 * `host` 127.0.0.2 stands in for a member's public server (allowed by the test's policy), 127.0.0.1 for the hub.
 */
export async function startRecordingServer(initial: ScriptedReply, host = "127.0.0.1") {
  const requests: RecordedRequest[] = [];
  let reply = initial;
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: raw ? JSON.parse(raw) : undefined,
    });
    res.writeHead(reply.status, reply.headers ?? { "content-type": "application/json" }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests,
    answerWith(next: ScriptedReply) {
      reply = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
