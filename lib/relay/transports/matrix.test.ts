import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MatrixSessionSource } from "@/lib/relay/matrix/send-event";
import type { MatrixSession } from "@/lib/relay/matrix/session";
import { editMatrixMessage, sendMatrixMessage } from "./matrix";
import { TransportError } from "./transport-error";

type Recorded = { method: string; url: string; authorization?: string; contentType?: string; body: unknown };
type Reply = { status: number; headers?: Record<string, string>; body: string };

// A stand-in homeserver: records each request and answers with the next scripted reply.
let server: Server;
let homeserverUrl: string;
let requests: Recorded[];
let reply: Reply;
/** Replies used before `reply`, in order. */
let queued: Reply[];

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
    const next = queued.shift() ?? reply;
    res.writeHead(next.status, next.headers ?? { "content-type": "application/json" }).end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  homeserverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  queued = [];
  reply = { status: 200, body: JSON.stringify({ event_id: "$sent-event" }) };
});

const message = { roomId: "!room:example.org", txnId: "n_0123456789", body: "plain", formattedBody: "<b>html</b>" };
const send = (extra: Partial<typeof message & { replyTo: string }> = {}) =>
  sendMatrixMessage({ homeserverUrl, accessToken: "bot-token" }, { ...message, ...extra });
const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
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
    reply = {
      status: 429,
      body: JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", error: "Too many", retry_after_ms: 2_500 }),
    };
    const error = await failureOf(send());
    expect(error).toMatchObject({
      permanent: false,
      retryAfterMs: 2_500,
      message: "matrix: HTTP 429 M_LIMIT_EXCEEDED",
    });
    expect(requests).toHaveLength(1);
  });

  it("reads the Retry-After header of a 429", async () => {
    reply = {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: JSON.stringify({ errcode: "M_LIMIT_EXCEEDED" }),
    };
    expect(await failureOf(send())).toMatchObject({ permanent: false, retryAfterMs: 7_000 });
  });

  it.each([
    [502, { "content-type": "text/html" }, "<html>Bad gateway</html>"],
    [503, { "content-type": "application/json" }, JSON.stringify({ errcode: "M_UNKNOWN" })],
    [
      401,
      { "content-type": "application/json" },
      JSON.stringify({ errcode: "M_UNKNOWN_TOKEN", error: "Invalid token" }),
    ],
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
      const error = await failureOf(
        sendMatrixMessage({ homeserverUrl: url, accessToken: "t", timeoutMs: 200 }, message),
      );
      expect(error.permanent).toBe(false);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("editMatrixMessage", () => {
  it("PUTs an m.replace of the event with the new content and a '* ' fallback, with the edit id as txnId", async () => {
    const edit = {
      roomId: "!room:example.org",
      txnId: "e_42",
      eventId: "$firing",
      message: { body: "up", formattedBody: "<b>up</b>" },
    };
    expect(await editMatrixMessage({ homeserverUrl, accessToken: "bot-token" }, edit)).toBe("$sent-event");
    expect(requests).toMatchObject([
      {
        method: "PUT",
        url: "/_matrix/client/v3/rooms/!room%3Aexample.org/send/m.room.message/e_42",
        body: {
          msgtype: "m.text",
          body: "* up",
          format: "org.matrix.custom.html",
          formatted_body: "* <b>up</b>",
          "m.new_content": {
            msgtype: "m.text",
            body: "up",
            format: "org.matrix.custom.html",
            formatted_body: "<b>up</b>",
          },
          "m.relates_to": { rel_type: "m.replace", event_id: "$firing" },
        },
      },
    ]);
  });
});

describe("with an encrypting session", () => {
  const plainRoomSession = (): MatrixSessionSource => ({
    start: async () => ({ client: { getRoom: () => null } }) as unknown as MatrixSession,
  });

  it("sends as is, with the configured token, to a room the session does not see as encrypted", async () => {
    await sendMatrixMessage({ homeserverUrl, accessToken: "bot-token", session: plainRoomSession() }, message);
    expect(requests).toMatchObject([
      {
        url: "/_matrix/client/v3/rooms/!room%3Aexample.org/send/m.room.message/n_0123456789",
        authorization: "Bearer bot-token",
      },
    ]);
  });

  const broken: MatrixSessionSource = {
    start: () => Promise.reject(new TransportError("matrix: HTTP 403 M_FORBIDDEN", { permanent: true })),
  };

  it("fails temporarily, without sending, into an encrypted room while the session cannot start", async () => {
    reply = { status: 200, body: JSON.stringify({ algorithm: "m.megolm.v1.aes-sha2" }) };
    const error = await failureOf(
      sendMatrixMessage({ homeserverUrl, accessToken: "bot-token", session: broken }, message),
    );
    expect(error).toMatchObject({ permanent: false, message: "matrix: the encrypting session is not available" });
    expect(requests).toMatchObject([
      { method: "GET", url: "/_matrix/client/v3/rooms/!room%3Aexample.org/state/m.room.encryption/" },
    ]);
  });

  it("still sends to a room the homeserver says is unencrypted while the session cannot start", async () => {
    queued = [{ status: 404, body: JSON.stringify({ errcode: "M_NOT_FOUND", error: "no encryption" }) }];
    reply = { status: 200, body: JSON.stringify({ event_id: "$plain" }) };
    expect(await sendMatrixMessage({ homeserverUrl, accessToken: "bot-token", session: broken }, message)).toBe(
      "$plain",
    );
    expect(requests.map((request) => request.method)).toEqual(["GET", "PUT"]);
  });
});
