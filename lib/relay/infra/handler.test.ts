import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/db/testing";
import { handleInfraWebhook } from "./handler";
import { infraGroupPayload, seedComponent } from "./testing";

const token = "infra-webhook-token-0123456789";
let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const post = (body: unknown, authorization = `Bearer ${token}`) =>
  handleInfraWebhook(new Request("http://relay/api/alertmanager/infra", { method: "POST", headers: { authorization }, body: JSON.stringify(body) }), {
    db: handle.db,
    token,
  });

describe("the infra webhook", () => {
  it("refuses posts without the bearer token", async () => {
    const response = await post(infraGroupPayload("i_00000000000000000000"), "Bearer wrong-token-0123456789");
    expect(response.status).toBe(401);
  });

  it("refuses a member's alert routed here by mistake, and an alert naming no component", async () => {
    const payload = infraGroupPayload("i_00000000000000000000");
    payload.alerts[0]!.labels.member = "m_alice";
    expect(await (await post(payload)).json()).toMatchObject({ error: "invalid_payload", reason: expect.stringContaining("no member label") });
    delete payload.alerts[0]!.labels.infra;
    expect((await post(payload)).status).toBe(400);
  });

  it("opens the incident once and answers what it did", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    expect(await (await post(infraGroupPayload(pve))).json()).toEqual({ opened: 1, ended: 0, queued: 0, unknownComponents: 0 });
    expect(await (await post(infraGroupPayload(pve))).json()).toEqual({ opened: 0, ended: 0, queued: 0, unknownComponents: 0 });
  });
});
