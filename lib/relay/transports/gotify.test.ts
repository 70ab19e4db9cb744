import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import type { OutboundPolicy } from "@/lib/http/outbound-policy";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { createGotifyTransport, sendGotifyMessage } from "./gotify";
import type { Delivery } from "./transport";
import { TransportError } from "./transport-error";

// Gotify's documented API: POST /message, token in X-Gotify-Key, JSON {title, message, priority} → 200 {id, …}.
// `server` (127.0.0.2) stands in for the member's public Gotify, `internal` (127.0.0.1) for a service of the hub.
let server: Awaited<ReturnType<typeof startRecordingServer>>;
let internal: Awaited<ReturnType<typeof startRecordingServer>>;
const ok = {
  status: 200,
  body: JSON.stringify({ id: 42, appid: 3, title: "t", message: "m", priority: 8, date: "2026-11-27T00:00:00Z" }),
};
const policy: OutboundPolicy = { allowedNetworks: ["127.0.0.2/32"], monitoringHosts: [] };
beforeAll(async () => {
  server = await startRecordingServer(ok, "127.0.0.2");
  internal = await startRecordingServer(ok);
});
afterAll(async () => {
  await server.close();
  await internal.close();
});
beforeEach(() => {
  server.requests.length = 0;
  internal.requests.length = 0;
  server.answerWith(ok);
});

const key = parseSecretKey(randomBytes(32).toString("base64"));
const delivery = (
  overrides: Partial<Delivery["channel"]> = {},
  alertStatus: Delivery["alertStatus"] = "firing",
): Delivery => ({
  notificationId: "n_1",
  alertStatus,
  channel: {
    id: "c_1",
    type: "gotify",
    roomId: null,
    address: `${server.url}/gotify`,
    secretCiphertext: encryptSecret(key, "AppToken.123", "c_1"),
    ...overrides,
  },
  message: { body: "🔴 One ongoing problem\n• Brick: is not responding", formattedBody: "<p>…</p>" },
});
const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
};

describe("Gotify transport", () => {
  it("POSTs the message under the server's path with the decrypted token in X-Gotify-Key", async () => {
    expect(await createGotifyTransport({ secretKey: key, policy })(delivery())).toBe("42");
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", url: "/gotify/message" });
    expect(request?.headers["x-gotify-key"]).toBe("AppToken.123");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toEqual({
      title: "🔴 One ongoing problem",
      message: "• Brick: is not responding",
      priority: 8,
    });
  });

  it("sends a resolution with a quieter priority", async () => {
    await createGotifyTransport({ secretKey: key, policy })(delivery({}, "resolved"));
    expect(server.requests[0]?.body).toMatchObject({ priority: 4 });
  });

  it("fails permanently when the stored token cannot be opened (another row's ciphertext, another key)", async () => {
    const moved = delivery({ secretCiphertext: encryptSecret(key, "AppToken.123", "c_other") });
    expect(await failureOf(createGotifyTransport({ secretKey: key, policy })(moved))).toMatchObject({
      permanent: true,
    });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [401, true],
    [403, true],
    [400, true],
    [404, true],
    [500, false],
    [503, false],
  ])("classifies HTTP %i (permanent: %s) without copying the body", async (status, permanent) => {
    server.answerWith({
      status,
      body: JSON.stringify({ error: "Unauthorized", errorCode: status, errorDescription: "token AppToken.123" }),
    });
    const error = await failureOf(
      sendGotifyMessage(
        { serverUrl: server.url, appToken: "AppToken.123", policy },
        { title: "t", message: "m", priority: 5 },
      ),
    );
    expect(error).toMatchObject({ permanent, message: `gotify: HTTP ${status}` });
    expect(error.message).not.toContain("AppToken");
  });

  it("honours Retry-After on a 429", async () => {
    server.answerWith({ status: 429, headers: { "retry-after": "3" }, body: "{}" });
    const error = await failureOf(
      sendGotifyMessage({ serverUrl: server.url, appToken: "t", policy }, { title: "t", message: "m", priority: 5 }),
    );
    expect(error).toMatchObject({ permanent: false, retryAfterMs: 3_000 });
  });

  it("treats an unreachable server as temporary", async () => {
    const error = await failureOf(
      sendGotifyMessage(
        { serverUrl: "http://127.0.0.2:1", appToken: "t", policy },
        { title: "t", message: "m", priority: 5 },
      ),
    );
    expect(error).toMatchObject({ permanent: false, message: "gotify: unreachable" });
  });

  it.each([302, 307, 308])(
    "refuses a %i redirect towards the hub: the POST and its token never reach it",
    async (status) => {
      server.answerWith({ status, headers: { location: `${internal.url}/api/v1/admin/tsdb/delete_series` }, body: "" });
      const error = await failureOf(createGotifyTransport({ secretKey: key, policy })(delivery()));
      expect(error).toMatchObject({ permanent: true, message: `gotify: redirected (HTTP ${status})` });
      expect(server.requests).toHaveLength(1);
      expect(internal.requests).toEqual([]);
    },
  );

  it("refuses at delivery a server whose address is not allowed (any more): it is checked at each send", async () => {
    const error = await failureOf(
      createGotifyTransport({ secretKey: key, policy })(delivery({ address: `${internal.url}/gotify` })),
    );
    expect(error).toMatchObject({ permanent: true, message: "gotify: address_not_allowed" });
    expect(internal.requests).toEqual([]);
  });

  it("fails permanently on an answer larger than any Gotify sends (1 MiB), temporarily on one that is not Gotify's", async () => {
    server.answerWith({ status: 200, body: JSON.stringify({ id: 42, message: "x".repeat(1024 * 1024) }) });
    const error = await failureOf(
      sendGotifyMessage({ serverUrl: server.url, appToken: "t", policy }, { title: "t", message: "m", priority: 5 }),
    );
    expect(error).toMatchObject({ permanent: true, message: "gotify: too_large" });
    server.answerWith({ status: 200, body: "<html>not Gotify</html>" });
    const garbled = await failureOf(
      sendGotifyMessage({ serverUrl: server.url, appToken: "t", policy }, { title: "t", message: "m", priority: 5 }),
    );
    expect(garbled).toMatchObject({ permanent: false, message: "gotify: unexpected answer" });
  });
});
