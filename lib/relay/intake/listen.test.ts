import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { infraIncidents, notifications } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { log } from "@/lib/log";
import { relayWebhookUrl } from "@/lib/monitoring/runtime";
import { createTestDatabase } from "@/lib/testing/database";
import { infraGroupPayload, seedComponent } from "@/lib/testing/relay/infra";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { type RelayListener, startRelayListener, startRelayListenerFromEnv } from "./listen";

const token = "a-relay-listener-token-long-enough";
let handle: DbHandle;
let relay: RelayListener;

beforeAll(async () => {
  handle = await createTestDatabase();
  relay = await startRelayListener({ host: "127.0.0.1", port: 0, db: handle.db, token });
});
afterAll(async () => {
  await relay.close();
  await handle.close();
});

const webhook = "/api/alertmanager/webhook";
const post = (path: string, body: string, authorization: string | null = `Bearer ${token}`) =>
  fetch(`${relay.url}${path}`, { method: "POST", headers: authorization ? { authorization } : {}, body });

async function seedGroup() {
  const { memberId } = await seedMember(handle.db);
  await seedMatrixChannel(handle.db, memberId);
  return { memberId, body: JSON.stringify(alertGroupPayload(memberId)) };
}

const storedFor = async (memberIds: string[]) =>
  (
    await handle.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(inArray(notifications.memberId, memberIds))
  ).length;

describe("the relay listener", () => {
  it.each([
    ["no credential", null],
    ["a wrong token", "Bearer not-the-relay-token"],
  ])("answers 401 to %s and stores nothing", async (_name, authorization) => {
    const { memberId, body } = await seedGroup();
    const response = await post(webhook, body, authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await storedFor([memberId])).toBe(0);
  });

  it("answers 400 with the reason to a body that is not JSON", async () => {
    const response = await post(webhook, "{not json");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ error: "invalid_payload", reason: "the body is not JSON" });
  });

  it("logs a refused post with its size and a reason that echoes no label name or value", async () => {
    const { memberId } = await seedGroup();
    const payload = alertGroupPayload(memberId);
    const body = JSON.stringify({
      ...payload,
      alerts: [{ ...payload.alerts[0]!, labels: { alertname: "x", member: memberId, "Alice's VM": 1 } }],
    });
    const warn = vi.spyOn(log, "warn");
    try {
      const response = await post(webhook, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).not.toContain("Alice");
      expect(warn.mock.calls).toEqual([
        [
          { bytes: Buffer.byteLength(body), reason: expect.stringContaining("alerts[0].labels[…]") },
          "alertmanager webhook refused",
        ],
      ]);
      expect(JSON.stringify(warn.mock.calls)).not.toContain("Alice");
    } finally {
      warn.mockRestore();
    }
  });

  it("stores a group once, however often it is posted", async () => {
    const { memberId, body } = await seedGroup();
    expect(await (await post(webhook, body)).json()).toEqual({ stored: 1 });
    expect(await (await post(webhook, body)).json()).toEqual({ stored: 0 });
    expect(await storedFor([memberId])).toBe(1);
  });

  it("stores every group of many concurrent posts", async () => {
    const groups = await Promise.all(Array.from({ length: 40 }, seedGroup));
    const answers = await Promise.all(groups.map(async ({ body }) => (await post(webhook, body)).json()));
    expect(answers).toEqual(groups.map(() => ({ stored: 1 })));
    expect(await storedFor(groups.map((group) => group.memberId))).toBe(40);
  });

  it("passes infra posts to the infra handler", async () => {
    const component = await seedComponent(handle.db, "hypervisor");
    const response = await post("/api/alertmanager/infra", JSON.stringify(infraGroupPayload(component)));
    expect(await response.json()).toEqual({ opened: 1, ended: 0, queued: 0, unknownComponents: 0 });
    const incidents = await handle.db.select().from(infraIncidents).where(eq(infraIncidents.componentId, component));
    expect(incidents).toHaveLength(1);
  });

  it("answers healthz, 404 elsewhere and 405 to a wrong method", async () => {
    const health = await fetch(`${relay.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    const missing = await post("/api/alertmanager/elsewhere", "{}");
    expect([missing.status, await missing.json()]).toEqual([404, { error: "not_found" }]);
    const wrongMethod = await fetch(`${relay.url}${webhook}`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
  });

  it("refuses a body over 8 MiB without reading it, announced or streamed", async () => {
    const announced = await sendRaw(`Content-Length: ${9 * 1024 * 1024}\r\n\r\n{"version":"4"`);
    expect(announced).toMatchObject({
      status: 413,
      connection: "close",
      body: JSON.stringify({ error: "payload_too_large" }),
    });
    const chunk = "y".repeat(1024 * 1024);
    const streamed = await sendRaw(
      "Transfer-Encoding: chunked\r\n\r\n",
      ...Array.from({ length: 9 }, () => `100000\r\n${chunk}\r\n`),
    );
    expect(streamed).toMatchObject({ status: 413, connection: "close" });
  });

  it("answers 401 to an unauthenticated post at once, without waiting for its body", async () => {
    const unauthenticated = openPost(relay.port, 4 * 1024 * 1024, "Bearer not-the-relay-token");
    await unauthenticated.received;
    unauthenticated.write(Buffer.from('{"version":'));
    const answer = await Promise.race([
      unauthenticated.answer,
      new Promise<string>((resolve) => setTimeout(() => resolve("no answer"), 2000)),
    ]);
    expect(answer).toMatchObject({ status: 401, connection: "close" });
  });

  it("fails to start on a taken port, or from RELAY_LISTEN without WEBHOOK_TOKEN", async () => {
    await expect(startRelayListener({ host: "127.0.0.1", port: relay.port, db: handle.db, token })).rejects.toThrow(
      /cannot listen.*EADDRINUSE/,
    );
    vi.stubEnv("RELAY_LISTEN", "127.0.0.1:0");
    vi.stubEnv("WEBHOOK_TOKEN", "");
    resetEnvForTests();
    await expect(startRelayListenerFromEnv(handle.db)).rejects.toThrow(/WEBHOOK_TOKEN/);
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("answers 500 when the database fails, so Alertmanager retries later", async () => {
    const unreachable = new Proxy(
      {},
      {
        get: () => {
          throw new Error("database unreachable");
        },
      },
    ) as Db;
    const broken = await startRelayListener({ host: "127.0.0.1", port: 0, db: unreachable, token });
    try {
      const { body } = await seedGroup();
      const response = await fetch(`${broken.url}${webhook}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body,
      });
      expect([response.status, await response.json()]).toEqual([500, { error: "internal" }]);
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it("close() stops taking connections but answers the post in flight first", async () => {
    const own = await startRelayListener({ host: "127.0.0.1", port: 0, db: handle.db, token });
    const { memberId, body } = await seedGroup();
    const bytes = Buffer.from(body);
    const inFlight = openPost(own.port, bytes.length);
    await inFlight.received;
    inFlight.write(bytes.subarray(0, 10));
    let closed = false;
    const closing = own.close().then(() => (closed = true));
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);
    inFlight.end(bytes.subarray(10));
    const answer = await inFlight.answer;
    expect([answer.status, answer.connection, answer.body]).toEqual([200, "close", JSON.stringify({ stored: 1 })]);
    await closing;
    expect(await storedFor([memberId])).toBe(1);
  });
});

describe("relayWebhookUrl", () => {
  const publicUrl = "https://vigie.example.org";
  it("points Alertmanager at RELAY_LISTEN unless RELAY_WEBHOOK_URL says otherwise", () => {
    expect(relayWebhookUrl({ PUBLIC_URL: publicUrl })).toBe(`${publicUrl}/api/alertmanager/webhook`);
    expect(relayWebhookUrl({ PUBLIC_URL: publicUrl, RELAY_LISTEN: { host: "127.0.0.1", port: 9466 } })).toBe(
      "http://127.0.0.1:9466/api/alertmanager/webhook",
    );
    expect(relayWebhookUrl({ PUBLIC_URL: publicUrl, RELAY_LISTEN: { host: "::1", port: 9466 } })).toBe(
      "http://[::1]:9466/api/alertmanager/webhook",
    );
    const explicit = "http://relay.internal:8080/api/alertmanager/webhook";
    expect(
      relayWebhookUrl({
        PUBLIC_URL: publicUrl,
        RELAY_LISTEN: { host: "::1", port: 9466 },
        RELAY_WEBHOOK_URL: explicit,
      }),
    ).toBe(explicit);
  });
});

type RawAnswer = { status: number; connection: string | undefined; body: string };

/**
 * A POST whose body the test sends piece by piece. `received` resolves once the listener holds the request: it
 * asked for the body with `100 Continue`.
 */
function openPost(port: number, length: number, authorization = `Bearer ${token}`) {
  // A keep-alive client, as Alertmanager is: the listener must close the connection itself.
  const request = httpRequest({
    port,
    host: "127.0.0.1",
    method: "POST",
    path: webhook,
    agent: new Agent({ keepAlive: true }),
  });
  request.setHeader("authorization", authorization);
  request.setHeader("content-length", length);
  request.setHeader("expect", "100-continue");
  const received = new Promise<void>((resolve) => request.once("continue", resolve));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    // The listener may close the connection while the rest of a refused body is unsent.
    request.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error),
    );
    request.once("response", (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.once("end", () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
      );
    });
  });
  request.flushHeaders();
  return {
    write: (chunk: Buffer) => request.write(chunk),
    end: (chunk: Buffer) => request.end(chunk),
    received,
    answer,
  };
}

/** A raw POST (head lines after the request line, then body parts), read until the listener drops the connection. */
function sendRaw(...parts: string[]): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(relay.port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (data: string) => (received += data));
    // Writing the rest of a refused body fails once the listener has closed: expected.
    socket.on("error", () => {});
    socket.once("close", () => {
      const [head = "", body = ""] = received.split("\r\n\r\n");
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        connection: /^connection: (.*)$/im.exec(head)?.[1],
        body,
      });
    });
    socket.write(`POST ${webhook} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${token}\r\n`);
    for (const part of parts) socket.write(part);
  });
}
