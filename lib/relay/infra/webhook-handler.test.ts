import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { infraIncidents } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { createTestDatabase } from "@/lib/testing/database";
import { infraGroupPayload, seedComponent } from "@/lib/testing/relay/infra";
import { handleInfraWebhook } from "./webhook-handler";

const token = "infra-webhook-token-0123456789";
let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const post = (body: unknown, authorization = `Bearer ${token}`) =>
  handleInfraWebhook(
    new Request("http://relay/api/alertmanager/infra", {
      method: "POST",
      headers: { authorization },
      body: JSON.stringify(body),
    }),
    {
      db: handle.db,
      token,
    },
  );

describe("the infra webhook", () => {
  it("refuses posts without the bearer token", async () => {
    const response = await post(infraGroupPayload("i_00000000000000000000"), "Bearer wrong-token-0123456789");
    expect(response.status).toBe(401);
  });

  it("refuses a member's alert routed here by mistake, and an alert naming no component", async () => {
    const payload = infraGroupPayload("i_00000000000000000000");
    payload.alerts[0]!.labels.member = "m_alice";
    expect(await (await post(payload)).json()).toMatchObject({
      error: "invalid_payload",
      reason: expect.stringContaining("no member label"),
    });
    delete payload.alerts[0]!.labels.infra;
    expect((await post(payload)).status).toBe(400);
  });

  it("opens the incident once and answers what it did", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    expect(await (await post(infraGroupPayload(pve))).json()).toEqual({
      opened: 1,
      ended: 0,
      queued: 0,
      unknownComponents: 0,
    });
    expect(await (await post(infraGroupPayload(pve))).json()).toEqual({
      opened: 0,
      ended: 0,
      queued: 0,
      unknownComponents: 0,
    });
  });
});

describe("the infra webhook: what it reads and stores", () => {
  it("answers 401 to an unauthenticated post without reading its body", async () => {
    // Node needs `duplex` for a streamed body; the DOM typings do not know it.
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: { authorization: "Bearer wrong-token-0123456789" },
      body: new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1024 * 1024)) }),
      duplex: "half",
    };
    const request = new Request("http://relay/api/alertmanager/infra", init);
    const response = await handleInfraWebhook(request, { db: handle.db, token });
    expect(response.status).toBe(401);
    expect(request.bodyUsed).toBe(false);
  });

  it("strips NUL and other control characters before storing", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const payload = infraGroupPayload(pve, { fingerprint: "fp\u0000\u001b1", alertname: "Infra\u0000HypervisorDown" });
    expect(await (await post(payload)).json()).toEqual({ opened: 1, ended: 0, queued: 0, unknownComponents: 0 });
    const [incident] = await handle.db.select().from(infraIncidents).where(eq(infraIncidents.componentId, pve));
    expect(incident?.fingerprint).toBe("fp1");
  });

  it("refuses a payload without echoing label names or values, in the answer or the log", async () => {
    const payload = infraGroupPayload("i_00000000000000000000");
    payload.alerts[0]!.labels["Alice Dupont"] = "alice@example.org";
    payload.alerts[0]!.labels.member = "alice@example.org";
    const broken = {
      ...payload,
      alerts: [{ ...payload.alerts[0]!, labels: { ...payload.alerts[0]!.labels, "bob@example.org": 3 } }],
    };
    const warn = vi.spyOn(log, "warn");
    try {
      const response = await post(broken);
      expect(response.status).toBe(400);
      const texts = [JSON.stringify(await response.json()), JSON.stringify(warn.mock.calls)];
      expect(texts[0]).toContain("alerts[0].labels[…]: Invalid input");
      for (const text of texts) expect(text).not.toMatch(/Alice|alice@|bob@/);
    } finally {
      warn.mockRestore();
    }
  });
});
