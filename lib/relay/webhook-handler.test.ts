import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { alertGroupPayload } from "./testing/payloads";
import { seedMatrixChannel, seedMember } from "./testing/seed";
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
  (await handle.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.memberId, memberId))).length;

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
