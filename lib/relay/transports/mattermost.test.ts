import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { createMattermostEditor, createMattermostTransport } from "./mattermost";
import type { Delivery } from "./transport";
import { TransportError } from "./transport-error";

// Mattermost API v4: POST /api/v4/posts with a bearer token and {channel_id, message, root_id?, pending_post_id?} → 201 {id, …}.
let server: Awaited<ReturnType<typeof startRecordingServer>>;
const created = { status: 201, body: JSON.stringify({ id: "post-abc", channel_id: "dm1", message: "…" }) };
beforeAll(async () => {
  server = await startRecordingServer(created);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.answerWith(created);
});

const delivery = (extra: Partial<Delivery> = {}): Delivery => ({
  notificationId: "n_1",
  alertStatus: "firing",
  channel: { id: "c_1", type: "mattermost", roomId: "dm1", address: "alice", secretCiphertext: null },
  message: { body: "🔴 One ongoing problem\n• Brick: is not responding", formattedBody: "<p>…</p>" },
  ...extra,
});
const send = (extra: Partial<Delivery> = {}) =>
  createMattermostTransport({ serverUrl: `${server.url}/`, botToken: "bot-token" })(delivery(extra));
const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
};

describe("Mattermost transport", () => {
  it("POSTs the message to the linked direct channel, keyed by the notification id, and returns the post id", async () => {
    expect(await send()).toBe("post-abc");
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", url: "/api/v4/posts" });
    expect(request?.headers.authorization).toBe("Bearer bot-token");
    expect(request?.body).toEqual({
      channel_id: "dm1",
      message: "🔴 One ongoing problem\n• Brick: is not responding",
      pending_post_id: "n_1",
    });
  });

  it("posts a resolution in the thread of the firing message", async () => {
    await send({ alertStatus: "resolved", replyTo: "post-firing" });
    expect(server.requests[0]?.body).toMatchObject({ channel_id: "dm1", root_id: "post-firing" });
  });

  it("refuses a channel without a direct channel, without sending", async () => {
    const error = await failureOf(send({ channel: { ...delivery().channel, roomId: null } }));
    expect(error.permanent).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [403, true],
    [404, true],
    [400, true],
    [401, false],
    [500, false],
  ])("classifies HTTP %i (permanent: %s)", async (status, permanent) => {
    server.answerWith({
      status,
      body: JSON.stringify({ id: "api.post.create_post.can_not_post_to_deleted.error", status_code: status }),
    });
    expect(await failureOf(send())).toMatchObject({ permanent, message: `mattermost: HTTP ${status}` });
  });

  it("fails only the notification, not the channel, on a 413", async () => {
    server.answerWith({
      status: 413,
      body: JSON.stringify({ id: "api.context.request_body_too_large.app_error", status_code: 413 }),
    });
    expect(await failureOf(send())).toMatchObject({ permanent: true, keepsChannel: true });
    server.answerWith({ status: 403, body: "{}" });
    expect(await failureOf(send())).toMatchObject({ permanent: true, keepsChannel: false });
  });

  it("reads Mattermost's X-Ratelimit-Reset on a 429", async () => {
    server.answerWith({ status: 429, headers: { "x-ratelimit-reset": "2" }, body: "{}" });
    expect(await failureOf(send())).toMatchObject({ permanent: false, retryAfterMs: 2_000 });
  });

  it("edits a sent post with PUT /posts/{id}/patch, the documented partial update", async () => {
    server.answerWith({ status: 200, body: JSON.stringify({ id: "post-firing", message: "✅ Problem resolved" }) });
    const edit = createMattermostEditor({ serverUrl: server.url, botToken: "bot-token" });
    const id = await edit({
      editId: "n_2.0",
      channel: delivery().channel,
      externalId: "post-firing",
      message: { body: "✅ Problem resolved", formattedBody: "<p>…</p>" },
    });
    expect(id).toBe("post-firing");
    expect(server.requests).toEqual([
      expect.objectContaining({
        method: "PUT",
        url: "/api/v4/posts/post-firing/patch",
        body: { message: "✅ Problem resolved" },
      }),
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer bot-token");
  });
});
