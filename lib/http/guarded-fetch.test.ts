import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkHost, type Resolver } from "@/lib/net/network-guard";
import { type GuardedRequest, guardedFetch } from "./guarded-fetch";
import { OutboundError, type OutboundFailure } from "./outbound-error";
import { assertAddressesAllowed, guardedLookup, type OutboundPolicy } from "./outbound-policy";

// 127.0.0.2 stands in for a member's public server (the allow-list names it, as OUTBOUND_ALLOWED_NETWORKS would);
// 127.0.0.1 is the hub's internal service, which must never receive anything.
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
type Received = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

async function listen(host: string, port: number, handler: Handler) {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let publicServer: Awaited<ReturnType<typeof listen>>;
let internal: Awaited<ReturnType<typeof listen>>;
const answer =
  (status: number, body = "", headers: Record<string, string> = {}): Handler =>
  (_request, response) =>
    response.writeHead(status, headers).end(body);
let handler: Handler = answer(200, '{"id":1}');

beforeAll(async () => {
  publicServer = await listen("127.0.0.2", 0, (request, response) => handler(request, response));
  // The same port on 127.0.0.1: a re-resolved name reaches it through the very URL the member typed.
  internal = await listen("127.0.0.1", publicServer.port, answer(200, "{}"));
});
afterAll(async () => {
  await publicServer.close();
  await internal.close();
});
afterEach(() => {
  publicServer.received.length = 0;
  internal.received.length = 0;
  handler = answer(200, '{"id":1}');
});

const resolveTo = (...answers: string[][]): Resolver & { calls: number } => {
  const resolver = Object.assign(async () => answers[Math.min(resolver.calls++, answers.length - 1)] ?? [], {
    calls: 0,
  });
  return resolver;
};
const policy = (resolve: Resolver, overrides: Partial<OutboundPolicy> = {}): OutboundPolicy => ({
  allowedNetworks: ["127.0.0.2/32"],
  monitoringHosts: [],
  resolve,
  ...overrides,
});
const post: GuardedRequest = { method: "POST", headers: { "x-gotify-key": "Secret.Token" }, body: '{"a":1}' };
const failureOf = async (promise: Promise<unknown>, reason: OutboundFailure) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundError);
  expect(error).toMatchObject({ reason });
  return error as OutboundError;
};
const gotifyUrl = (path = "/message") => `http://gotify.test:${publicServer.port}${path}`;

describe("guardedFetch", () => {
  it("sends the request to an allowed server and returns its answer", async () => {
    const response = await guardedFetch(gotifyUrl(), post, policy(resolveTo(["127.0.0.2"])));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"id":1}');
    expect(publicServer.received).toEqual([
      expect.objectContaining({
        method: "POST",
        url: "/message",
        body: '{"a":1}',
        headers: expect.objectContaining({ "x-gotify-key": "Secret.Token" }),
      }),
    ]);
  });

  it.each([301, 302, 303, 307, 308])(
    "refuses a %i redirect to an internal URL and never follows it",
    async (status) => {
      handler = answer(status, "", { location: `http://127.0.0.1:${internal.port}/api/v1/admin/tsdb/delete_series` });
      const error = await failureOf(guardedFetch(gotifyUrl(), post, policy(resolveTo(["127.0.0.2"]))), "redirected");
      expect(error.status).toBe(status);
      expect(publicServer.received).toHaveLength(1);
      expect(internal.received).toEqual([]);
    },
  );

  it("refuses at connection time a name that re-resolves to a refused address after an earlier check", async () => {
    const rebinding = resolveTo(["127.0.0.2"], ["127.0.0.1"]);
    // The check a page would make when the member saves the address passes…
    expect(
      await checkHost("gotify.test", { allowedNetworks: ["127.0.0.2/32"], monitoringHosts: [] }, rebinding),
    ).toMatchObject({ ok: true });
    // …and the connection, which resolves again, is refused before it opens.
    await failureOf(guardedFetch(gotifyUrl(), post, policy(rebinding)), "address_not_allowed");
    expect(rebinding.calls).toBe(2);
    expect(internal.received).toEqual([]);
    expect(publicServer.received).toEqual([]);
  });

  it("guards https the same way: refused before any TLS handshake", async () => {
    const rebinding = resolveTo(["127.0.0.1"]);
    await failureOf(
      guardedFetch(`https://gotify.test:${internal.port}/message`, post, policy(rebinding)),
      "address_not_allowed",
    );
    await failureOf(
      guardedFetch(`https://127.0.0.1:${internal.port}/message`, post, policy(rebinding)),
      "address_not_allowed",
    );
    expect(rebinding.calls).toBe(1);
    expect(internal.received).toEqual([]);
  });

  it("refuses a name when any of its addresses is refused", async () => {
    await failureOf(
      guardedFetch(gotifyUrl(), post, policy(resolveTo(["127.0.0.2", "127.0.0.1"]))),
      "address_not_allowed",
    );
    expect(internal.received).toEqual([]);
  });

  it.each([
    `http://127.0.0.1:PORT/message`,
    `http://2130706433:PORT/message`,
    `http://0x7f.1:PORT/message`,
    `http://[::ffff:127.0.0.1]:PORT/message`,
  ])("judges an IP literal in the URL itself (%s): no lookup happens for it", async (url) => {
    const resolver = resolveTo(["127.0.0.2"]);
    await failureOf(
      guardedFetch(url.replace("PORT", String(internal.port)), post, policy(resolver)),
      "address_not_allowed",
    );
    expect(resolver.calls).toBe(0);
    expect(internal.received).toEqual([]);
  });

  // A monitoring host is refused only outside OUTBOUND_ALLOWED_NETWORKS, so it needs a public address here: the
  // lookup and the literal check are called directly, and no socket is ever opened towards it.
  it("refuses the monitoring servers' own addresses, even public ones", async () => {
    const resolve: Resolver = async () => ["80.67.169.12"];
    const monitored = policy(resolve, { monitoringHosts: ["80.67.169.12"] });
    const looked = await new Promise<unknown>((resolve) =>
      guardedLookup(monitored)("gotify.test", { all: true }, (error) => resolve(error)),
    );
    expect(looked).toMatchObject({ reason: "address_is_monitoring_host" });
    await failureOf(assertAddressesAllowed(["80.67.169.12"], monitored), "address_is_monitoring_host");
    await expect(assertAddressesAllowed(["80.67.169.13"], monitored)).resolves.toBeUndefined();
  });

  it("answers the socket's lookup in both of Node's shapes, in the family asked for", async () => {
    const lookup = guardedLookup(
      policy(resolveTo(["fd00::2", "127.0.0.2"]), { allowedNetworks: ["127.0.0.2/32", "fd00::2/128"] }),
    );
    const ask = (options: { all?: boolean; family?: number }) =>
      new Promise<unknown[]>((resolve) => lookup("gotify.test", options, (...answer) => resolve(answer)));
    expect(await ask({ all: false, family: 4 })).toEqual([null, "127.0.0.2", 4]);
    expect(await ask({ all: false })).toEqual([null, "fd00::2", 6]);
    expect(await ask({ all: true })).toEqual([
      null,
      [
        { address: "fd00::2", family: 6 },
        { address: "127.0.0.2", family: 4 },
      ],
    ]);
  });

  it("refuses an answer larger than the cap, announced or streamed", async () => {
    handler = answer(200, "x".repeat(70_000));
    await failureOf(
      guardedFetch(gotifyUrl(), { ...post, maxResponseBytes: 64 * 1024 }, policy(resolveTo(["127.0.0.2"]))),
      "too_large",
    );
    handler = (_request, response) => {
      response.writeHead(200);
      const chunk = "y".repeat(16 * 1024);
      for (let sent = 0; sent < 8; sent++) response.write(chunk);
      response.end();
    };
    await failureOf(
      guardedFetch(gotifyUrl(), { ...post, maxResponseBytes: 64 * 1024 }, policy(resolveTo(["127.0.0.2"]))),
      "too_large",
    );
  });

  it("gives up on a server that does not answer in time", async () => {
    handler = () => {};
    const started = Date.now();
    await failureOf(
      guardedFetch(gotifyUrl(), { ...post, timeoutMs: 300 }, policy(resolveTo(["127.0.0.2"]))),
      "timeout",
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a closed port, an unknown name and a URL it will not call", async () => {
    await failureOf(
      guardedFetch("http://gotify.test:1/message", post, policy(resolveTo(["127.0.0.2"]))),
      "unreachable",
    );
    const unknown: Resolver = async () => Promise.reject(new Error("ENOTFOUND"));
    await failureOf(guardedFetch(gotifyUrl(), post, policy(unknown)), "host_not_found");
    await failureOf(guardedFetch("file:///etc/passwd", post, policy(unknown)), "invalid_url");
    await failureOf(guardedFetch("not a url", post, policy(unknown)), "invalid_url");
  });
});
