import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { redactionTask } from "./redaction-task";

// A stand-in homeserver that records the redactions it is asked for.
let server: Server;
let homeserverUrl: string;
let handle: DbHandle;
const requests: { method: string; url: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "" });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ event_id: "$redaction" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  homeserverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("redactionTask", () => {
  it("redacts expired messages on its own schedule with a txnId derived from the notification, until stopped", async () => {
    const { memberId } = await seedMember(handle.db);
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: "!room:example.org" });
    const insertExpired = async () => {
      const id = newId("n");
      await handle.db.insert(notifications).values({
        id,
        dedupeKey: id,
        memberId,
        channelId,
        groupKey: "g",
        alertStatus: "firing",
        alerts: [],
        deliveryState: "sent",
        externalId: `$event-${id}`,
        sentAt: new Date(Date.now() - 31 * 86_400_000),
      });
      return id;
    };
    const redacted = async (id: string) =>
      (await handle.db.select({ at: notifications.redactedAt }).from(notifications).where(eq(notifications.id, id)))[0]
        ?.at != null;

    const first = await insertExpired();
    const running = await redactionTask({
      db: handle.db,
      matrix: { homeserverUrl, accessToken: "bot" },
      intervalMs: 50,
    }).start();
    await waitFor(() => redacted(first));
    expect(requests).toContainEqual({
      method: "PUT",
      url: `/_matrix/client/v3/rooms/${encodeURIComponent("!room:example.org")}/redact/${encodeURIComponent(`$event-${first}`)}/redact-${first}`,
    });
    // A later pass picks up what expired since.
    const second = await insertExpired();
    await waitFor(() => redacted(second));

    await running.stop();
    const third = await insertExpired();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await redacted(third)).toBe(false);
  });
});
