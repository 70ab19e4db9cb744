import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getHistory } from "@/app/api/dashboard/history/route";
import { GET as getDashboard } from "@/app/api/dashboard/route";
import type { DbHandle } from "@/lib/db/client";
import { type NotificationAlert, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { signInViewer, testDatabase, testViewer } from "@/lib/testing/session";
import { dashboardViewSchema, responseHistorySchema } from "./view";

vi.mock("@/lib/auth", async () => (await import("@/lib/testing/session")).authWithTestViewer());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };

const firing: NotificationAlert = {
  alertname: "BlackboxProbeFailed",
  status: "firing",
  severity: "critical",
  targetId: null,
  instance: null,
  summary: null,
  startsAt: new Date(Date.now() - 600_000).toISOString(),
};

beforeAll(async () => {
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = await seedMember(handle.db, { targetLabel: "Ma brique" });
  bob = await seedMember(handle.db, { targetLabel: "Bob's brick" });
  await handle.db.insert(notifications).values({
    id: newId("n"),
    dedupeKey: newId("n"),
    memberId: alice.memberId,
    channelId: await seedMatrixChannel(handle.db, alice.memberId),
    groupKey: "g",
    alertStatus: "firing",
    alerts: [{ ...firing, targetId: alice.targetId }],
  });
});
afterAll(() => handle.close());
beforeEach(() => {
  testViewer.current = null;
});

const get = (path: string) => new Request(`http://localhost${path}`);

describe("GET /api/dashboard", () => {
  it("refuses a caller without a session", async () => {
    expect((await getDashboard(get("/api/dashboard?locale=fr"))).status).toBe(401);
    expect((await getHistory(get(`/api/dashboard/history?target=${alice.targetId}&range=24h`))).status).toBe(401);
  });

  it("answers the signed-in member's own dashboard, causes in the page's language", async () => {
    signInViewer(alice.memberId);
    for (const [locale, cause] of [
      ["fr", "ne répond plus"],
      ["en", "is not responding"],
    ] as const) {
      const response = await getDashboard(get(`/api/dashboard?locale=${locale}`));
      expect(response.status).toBe(200);
      const view = dashboardViewSchema.parse(await response.json());
      expect(view.targets.map((target) => target.label)).toEqual(["Ma brique"]);
      expect(view.targets[0]).toMatchObject({ incidents: [{ cause, end: null, undelivered: false }] });
    }
  });

  it("refuses a locale the portal does not have", async () => {
    signInViewer(alice.memberId);
    expect((await getDashboard(get("/api/dashboard?locale=de"))).status).toBe(400);
  });
});

describe("GET /api/dashboard/history", () => {
  it("answers for the member's own target only", async () => {
    signInViewer(alice.memberId);
    const own = await getHistory(get(`/api/dashboard/history?target=${alice.targetId}&range=7d`));
    expect(own.status).toBe(200);
    expect(responseHistorySchema.parse(await own.json()).points).toEqual([]);
    expect((await getHistory(get(`/api/dashboard/history?target=${bob.targetId}&range=7d`))).status).toBe(404);
    expect((await getHistory(get(`/api/dashboard/history?target=${alice.targetId}&range=1y`))).status).toBe(400);
  });
});
