import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getChannels } from "@/app/api/channels/route";
import { GET as getTargets } from "@/app/api/targets/route";
import { channelViewsSchema } from "@/components/channels/types";
import { targetViewsSchema } from "@/components/targets/types";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { testDatabase, testSession } from "@/lib/testing/session";
import { queueTestMessage } from "./test-message";

// The live routes of the channels and targets pages, as the signed-in member (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));

let handle: DbHandle;
let alice: { memberId: string; targetId: string; channelId: string };
let bob: { memberId: string; targetId: string; channelId: string };

async function memberWithChannel() {
  const member = await seedMember(handle.db);
  return { ...member, channelId: await seedMatrixChannel(handle.db, member.memberId) };
}

beforeAll(async () => {
  // No metrics here: the probe state is "unknown", and no request leaves the test.
  vi.stubEnv("VICTORIA_METRICS_URL", "");
  resetEnvForTests();
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  alice = await memberWithChannel();
  bob = await memberWithChannel();
  await queueTestMessage(handle.db, bob.memberId, bob.channelId);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  await handle.close();
});

describe("the live routes", () => {
  it("answer 401 without a session", async () => {
    testSession.memberId = null;
    expect((await getChannels(new Request("http://127.0.0.1/api/channels"))).status).toBe(401);
    expect((await getTargets(new Request("http://127.0.0.1/api/targets"))).status).toBe(401);
  });

  it("give the member their own channels, in the shape the page checks, with the last delivery", async () => {
    testSession.memberId = alice.memberId;
    const mine = channelViewsSchema.parse(
      await (await getChannels(new Request("http://127.0.0.1/api/channels"))).json(),
    );
    expect(mine).toMatchObject([{ id: alice.channelId, state: "verified", lastDelivery: null }]);
    testSession.memberId = bob.memberId;
    const bobs = channelViewsSchema.parse(
      await (await getChannels(new Request("http://127.0.0.1/api/channels"))).json(),
    );
    expect(bobs).toMatchObject([{ id: bob.channelId, lastDelivery: { state: "pending" } }]);
  });

  it("give the member their own targets with the probe state", async () => {
    testSession.memberId = alice.memberId;
    const response = await getTargets(new Request("http://127.0.0.1/api/targets"));
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(targetViewsSchema.parse(await response.json())).toEqual([
      expect.objectContaining({ id: alice.targetId, status: "active", probe: "unknown" }),
    ]);
  });
});
