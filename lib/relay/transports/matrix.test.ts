import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendMatrixMessage } from "./matrix";
import { TransportError } from "./transport-error";

type Recorded = { method: string; url: string; authorization?: string; contentType?: string; body: unknown };
type Reply = { status: number; headers?: Record<string, string>; body: string };

// A stand-in homeserver: records each request and answers with the next scripted reply.
let server: Server;
let homeserverUrl: string;
let requests: Recorded[];
let reply: Reply;

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body: raw ? JSON.parse(raw) : undefined,
    });
    res.writeHead(reply.status, reply.headers ?? { "content-type": "application/json" }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  homeserverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  reply = { status: 200, body: JSON.stringify({ event_id: "$sent-event" }) };
});

const message = { roomId: "!room:example.org", txnId: "n_0123456789", body: "plain", formattedBody: "<b>html</b>" };
const send = (extra: Partial<typeof message & { replyTo: string }> = {}) =>
  sendMatrixMessage({ homeserverUrl, accessToken: "bot-token" }, { ...message, ...extra });
const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
};

describe("sendMatrixMessage", () => {
  it("PUTs the message to the room with the notification id as txnId and returns the event id", async () => {
    expect(await send()).toBe("$sent-event");
    expect(requests).toEqual([
      {
        method: "PUT",
        url: "/_matrix/client/v3/rooms/!room%3Aexample.org/send/m.room.message/n_0123456789",
        authorization: "Bearer bot-token",
        contentType: "application/json",
        body: { msgtype: "m.text", body: "plain", format: "org.matrix.custom.html", formatted_body: "<b>html</b>" },
      },
    ]);
  });

  it("marks a reply to an earlier event", async () => {
    await send({ replyTo: "$firing" });
    expect(requests[0]?.body).toMatchObject({ "m.relates_to": { "m.in_reply_to": { event_id: "$firing" } } });
  });

  it("turns M_LIMIT_EXCEEDED into a temporary error carrying retry_after_ms, without retrying itself", async () => {
    reply = { status: 429, body: JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", error: "Too many", retry_after_ms: 2_500 }) };
    const error = await failureOf(send());
    expect(error).toMatchObject({ permanent: false, retryAfterMs: 2_500, message: "matrix: HTTP 429 M_LIMIT_EXCEEDED" });
    expect(requests).toHaveLength(1);
  });

  it("reads the Retry-After header of a 429", async () => {
    reply = { status: 429, headers: { "content-type": "application/json", "retry-after": "7" }, body: JSON.stringify({ errcode: "M_LIMIT_EXCEEDED" }) };
    expect(await failureOf(send())).toMatchObject({ permanent: false, retryAfterMs: 7_000 });
  });

  it.each([
    [502, { "content-type": "text/html" }, "<html>Bad gateway</html>"],
    [503, { "content-type": "application/json" }, JSON.stringify({ errcode: "M_UNKNOWN" })],
    [401, { "content-type": "application/json" }, JSON.stringify({ errcode: "M_UNKNOWN_TOKEN", error: "Invalid token" })],
  ])("treats HTTP %i as temporary", async (status, headers, body) => {
    reply = { status, headers, body };
    const error = await failureOf(send());
    expect(error.permanent).toBe(false);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it.each([
    [403, "M_FORBIDDEN"],
    [404, "M_NOT_FOUND"],
    [400, "M_BAD_JSON"],
  ])("treats HTTP %i %s as permanent", async (status, errcode) => {
    reply = { status, body: JSON.stringify({ errcode, error: "no" }) };
    expect(await failureOf(send())).toMatchObject({ permanent: true, message: `matrix: HTTP ${status} ${errcode}` });
  });

  it("treats an unreachable homeserver as temporary", async () => {
    const unreachable = sendMatrixMessage({ homeserverUrl: "http://127.0.0.1:1", accessToken: "t" }, message);
    expect(await failureOf(unreachable)).toMatchObject({ permanent: false });
  });

  it("treats a homeserver that does not answer in time as temporary", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const error = await failureOf(sendMatrixMessage({ homeserverUrl: url, accessToken: "t", timeoutMs: 200 }, message));
      expect(error.permanent).toBe(false);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
