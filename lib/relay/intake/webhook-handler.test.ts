import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { log, logOptions } from "@/lib/log";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { handleAlertmanagerWebhook } from "./webhook-handler";

const token = "a-webhook-token-long-enough";
let handle: DbHandle;
let memberId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  ({ memberId } = await seedMember(handle.db));
  await seedMatrixChannel(handle.db, memberId);
});
afterAll(() => handle.close());

function post(body: string, authorization: string | null = `Bearer ${token}`) {
  const headers = new Headers({ "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  const request = new Request("http://localhost/api/alertmanager/webhook", { method: "POST", headers, body });
  return handleAlertmanagerWebhook(request, { db: handle.db, token });
}

const storedCount = async () =>
  (await handle.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.memberId, memberId)))
    .length;

describe("handleAlertmanagerWebhook", () => {
  it.each([
    ["no credential", null],
    ["a wrong token", "Bearer not-the-webhook-token"],
    ["a token prefix", `Bearer ${token.slice(0, 10)}`],
    ["another scheme", `Basic ${token}`],
  ])("answers 401 to %s and stores nothing", async (_name, authorization) => {
    const response = await post(JSON.stringify(alertGroupPayload(memberId)), authorization);
    expect(response.status).toBe(401);
    expect(await storedCount()).toBe(0);
  });

  it("answers 400 with the reason to a body that is not JSON", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_payload", reason: "the body is not JSON" });
    expect(await storedCount()).toBe(0);
  });

  it("answers 400 with the reason to a payload that does not match, and stores nothing", async () => {
    const payload = { ...alertGroupPayload(memberId), version: "3" };
    const response = await post(JSON.stringify(payload));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_payload", reason: 'version: Invalid input: expected "4"' });
    expect(await storedCount()).toBe(0);
  });

  it("stores a valid group once, however often it is posted", async () => {
    const payload = JSON.stringify(alertGroupPayload(memberId));
    const first = await post(payload);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: 1 });
    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: 0 });
    expect(await storedCount()).toBe(1);
  });
});

/** A request whose body is a stream that counts the chunks read from it. */
function streamedPost(
  chunks: number,
  chunkBytes: number,
  options: { authorization?: string; contentLength?: number } = {},
) {
  let pulled = 0;
  const chunk = new Uint8Array(chunkBytes).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(chunk);
    },
  });
  const headers = new Headers({ authorization: options.authorization ?? `Bearer ${token}` });
  if (options.contentLength !== undefined) headers.set("content-length", String(options.contentLength));
  // Node needs `duplex` for a streamed body; the DOM typings do not know it.
  const init: RequestInit & { duplex: "half" } = { method: "POST", headers, body, duplex: "half" };
  const request = new Request("http://localhost/api/alertmanager/webhook", init);
  return { request, pulled: () => pulled };
}

describe("handleAlertmanagerWebhook: what it reads", () => {
  it("answers 401 to an unauthenticated post without reading its body", async () => {
    const { request, pulled } = streamedPost(64, 1024 * 1024, { authorization: "Bearer not-the-webhook-token" });
    const response = await handleAlertmanagerWebhook(request, { db: handle.db, token });
    expect(response.status).toBe(401);
    expect(request.bodyUsed).toBe(false);
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("answers 413 to a body over 8 MiB, announced or streamed, and stops reading it", async () => {
    const announced = streamedPost(9, 1024 * 1024, { contentLength: 9 * 1024 * 1024 });
    const first = await handleAlertmanagerWebhook(announced.request, { db: handle.db, token });
    expect([first.status, await first.json()]).toEqual([413, { error: "payload_too_large" }]);
    expect(announced.pulled()).toBeLessThanOrEqual(1);
    const streamed = streamedPost(64, 1024 * 1024);
    const second = await handleAlertmanagerWebhook(streamed.request, { db: handle.db, token });
    expect(second.status).toBe(413);
    expect(streamed.pulled()).toBeLessThan(12);
  });
});

describe("handleAlertmanagerWebhook: bad bytes and refusals", () => {
  it("strips NUL and other control characters before storing, keeping tabs and newlines", async () => {
    const { memberId: owner } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, owner);
    const payload = alertGroupPayload(owner, {
      alerts: [{ alertname: "Probe\u0000Failed", summary: "line one\nline\ttwo\u0000\u0007\u007f\u0085\ud800" }],
    });
    payload.groupKey = `${payload.groupKey}\u0000`;
    const response = await post(JSON.stringify(payload));
    expect([response.status, await response.json()]).toEqual([200, { stored: 1 }]);
    const [row] = await handle.db
      .select({ alerts: notifications.alerts, groupKey: notifications.groupKey })
      .from(notifications)
      .where(eq(notifications.memberId, owner));
    expect(row?.groupKey).toBe(`{}/{member="${owner}"}:{member="${owner}"}`);
    expect(row?.alerts[0]).toMatchObject({ alertname: "ProbeFailed", summary: "line one\nline\ttwo\ufffd" });
  });

  it("refuses a payload without echoing its values or label names, in the answer or the log", async () => {
    const secret = "Alice Dupont alice@example.org";
    const payload = alertGroupPayload(memberId);
    const broken = {
      ...payload,
      status: secret,
      groupLabels: { member: secret },
      alerts: [
        {
          ...payload.alerts[0]!,
          startsAt: secret,
          labels: { alertname: secret, member: memberId, [secret]: 12 },
          annotations: { [secret]: [secret] },
        },
      ],
    };
    const warn = vi.spyOn(log, "warn");
    try {
      const response = await post(JSON.stringify(broken));
      expect(response.status).toBe(400);
      const answer = JSON.stringify(await response.json());
      expect(answer).toContain("alerts[0].annotations");
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).toContain("bytes");
      for (const text of [answer, logged]) {
        expect(text).not.toMatch(/Alice|alice@/);
      }
    } finally {
      warn.mockRestore();
    }
  });
});

describe("handleAlertmanagerWebhook: a database that fails", () => {
  it("answers 500 (Alertmanager retries) and logs the error without the alerts' texts", async () => {
    const failing = await createTestDatabase();
    const error = vi.spyOn(log, "error");
    try {
      const { memberId: owner } = await seedMember(failing.db);
      await seedMatrixChannel(failing.db, owner);
      // Every outbox insert now fails, as a full disk or a broken constraint would: Drizzle's error quotes the row.
      await failing.db.execute(sql`alter table notifications add constraint refuse_all check (false) not valid`);
      const secret = "Alice Dupont alice@example.org";
      const request = new Request("http://localhost/api/alertmanager/webhook", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(alertGroupPayload(owner, { alerts: [{ summary: secret }] })),
      });
      const response = await handleAlertmanagerWebhook(request, { db: failing.db, token });
      expect([response.status, await response.json()]).toEqual([500, { error: "internal" }]);
      const logged = error.mock.calls.map(([fields]) =>
        JSON.stringify(logOptions.serializers!.err!((fields as { err: unknown }).err)),
      );
      expect(logged.join("")).toContain("Failed query");
      expect(logged.join("")).not.toMatch(/Alice|alice@/);
    } finally {
      error.mockRestore();
      await failing.close();
    }
  });
});
