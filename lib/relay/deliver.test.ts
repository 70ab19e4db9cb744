import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/db/testing";
import { deliverDueNotifications } from "./deliver";
import { recordAlertGroup } from "./intake";
import { alertGroupPayload } from "./testing/payloads";
import { seedMatrixChannel, seedMember } from "./testing/seed";
import type { Delivery, Transport } from "./transports/transport";
import { TransportError } from "./transports/transport-error";

let handle: DbHandle;
let sentDeliveries: Delivery[];
let failWith: TransportError | undefined;
const fakeMatrix: Transport = async (delivery) => {
  if (failWith) throw failWith;
  sentDeliveries.push(delivery);
  return `$event-${sentDeliveries.length}`;
};

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());
beforeEach(async () => {
  await handle.db.delete(notifications);
  sentDeliveries = [];
  failWith = undefined;
});

const rowsOf = (memberId: string) => handle.db.select().from(notifications).where(eq(notifications.memberId, memberId));

describe("deliverDueNotifications", () => {
  it("sends each notification once, rendered in the member's language, and answers a firing message when resolved", async () => {
    const { memberId, targetId } = await seedMember(handle.db, { locale: "en", targetLabel: "Living-room brick" });
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: "!room:example.org" });
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ targetId }] }));

    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toEqual({ claimed: 1, sent: 1, retrying: 0, dead: 0 });
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({ claimed: 0 });
    const [firing] = await rowsOf(memberId);
    expect(sentDeliveries).toEqual([
      {
        notificationId: firing?.id,
        channel: {
          id: channelId,
          type: "matrix",
          roomId: "!room:example.org",
          address: `@${channelId}:example.org`,
          secretCiphertext: null,
          verified: true,
        },
        status: "firing",
        message: { body: expect.stringContaining("Living-room brick: is not responding"), formattedBody: expect.any(String) },
      },
    ]);
    expect(firing).toMatchObject({ state: "sent", externalId: "$event-1" });

    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { status: "resolved", alerts: [{ targetId }] }));
    await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } });
    expect(sentDeliveries[1]).toMatchObject({ replyTo: "$event-1", message: { body: expect.stringContaining("Problem resolved") } });
  });

  it("backs off on a temporary error, honouring the server's delay", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    failWith = new TransportError("matrix: HTTP 429 M_LIMIT_EXCEEDED", { permanent: false, retryAfterMs: 120_000 });
    const before = Date.now();

    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({ retrying: 1 });
    const [row] = await rowsOf(memberId);
    expect(row).toMatchObject({ state: "pending", attempts: 1, lastError: "matrix: HTTP 429 M_LIMIT_EXCEEDED", leaseUntil: null });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
  });

  it("dead-letters on a permanent error, an unlinked channel, and keeps waiting for a missing transport", async () => {
    const { memberId } = await seedMember(handle.db);
    const channelId = await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    failWith = new TransportError("matrix: HTTP 403 M_FORBIDDEN", { permanent: true });
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({ dead: 1 });

    failWith = undefined;
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { status: "resolved" }));
    expect(await deliverDueNotifications(handle.db, { transports: {} })).toMatchObject({ retrying: 1 });
    expect((await rowsOf(memberId)).find((row) => row.status === "resolved")?.lastError).toBe("no_transport_for_matrix");

    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ fingerprint: "other" }] }));
    await handle.db.update(channels).set({ verifiedAt: null }).where(eq(channels.id, channelId));
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({ claimed: 1, dead: 1 });
    expect(sentDeliveries).toEqual([]);
  });
});
