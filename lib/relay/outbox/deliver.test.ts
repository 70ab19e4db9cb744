import { eq } from "drizzle-orm";
import { MatrixError } from "matrix-js-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { createTestDatabase } from "@/lib/testing/database";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { waitFor } from "@/lib/testing/wait-for";
import { recordAlertGroup } from "../intake/record-alert-groups";
import { statusFailure } from "../transports/http-failure";
import { toTransportError } from "../transports/matrix";
import type { Delivery, Transport } from "../transports/transport";
import { TransportError } from "../transports/transport-error";
import { deliverDueNotifications } from "./deliver";
import { RateGate } from "./rate-gate";

// The real renewal, unless a test simulates a database that fails it.
const renewal = vi.hoisted(() => ({ fail: false, calls: 0 }));
vi.mock("./rows", async (importOriginal) => {
  const outbox = await importOriginal<typeof import("./rows")>();
  const renewLeases: typeof outbox.renewLeases = async (...args) => {
    renewal.calls += 1;
    if (renewal.fail) throw new Error("Connection terminated unexpectedly");
    return outbox.renewLeases(...args);
  };
  return { ...outbox, renewLeases };
});

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
  renewal.fail = false;
  renewal.calls = 0;
});

/** A transport whose sends wait until the test lets them through. */
function gatedTransport() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started!: () => void;
  const sending = new Promise<void>((resolve) => (started = resolve));
  const transport: Transport = async (delivery) => {
    started();
    await gate;
    return fakeMatrix(delivery);
  };
  return { transport, sending, open };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const rowsOf = (memberId: string) => handle.db.select().from(notifications).where(eq(notifications.memberId, memberId));

describe("deliverDueNotifications", () => {
  it("sends each notification once, rendered in the member's language, and answers a firing message when resolved", async () => {
    const { memberId, targetId } = await seedMember(handle.db, { locale: "en", targetLabel: "Living-room brick" });
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: "!room:example.org" });
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ targetId }] }));

    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toEqual({
      claimed: 1,
      sent: 1,
      retrying: 0,
      dead: 0,
      postponed: 0,
    });
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({
      claimed: 0,
    });
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
        alertStatus: "firing",
        message: {
          body: expect.stringContaining("Living-room brick: is not responding"),
          formattedBody: expect.any(String),
        },
      },
    ]);
    expect(firing).toMatchObject({ deliveryState: "sent", externalId: "$event-1" });

    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { status: "resolved", alerts: [{ targetId }] }));
    await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } });
    expect(sentDeliveries[1]).toMatchObject({
      replyTo: "$event-1",
      message: { body: expect.stringContaining("Problem resolved") },
    });
  });

  it("backs off on a temporary error, honouring the server's delay", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    failWith = new TransportError("matrix: HTTP 429 M_LIMIT_EXCEEDED", { permanent: false, retryAfterMs: 120_000 });
    const before = Date.now();

    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({
      retrying: 1,
    });
    const [row] = await rowsOf(memberId);
    expect(row).toMatchObject({
      deliveryState: "pending",
      attempts: 1,
      lastError: "matrix: HTTP 429 M_LIMIT_EXCEEDED",
      leaseUntil: null,
    });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
  });

  it("keeps waiting for a missing transport, and gives up on a channel unlinked meanwhile", async () => {
    const { memberId } = await seedMember(handle.db);
    const channelId = await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    expect(await deliverDueNotifications(handle.db, { transports: {} })).toMatchObject({ retrying: 1 });
    expect((await rowsOf(memberId))[0]?.lastError).toBe("no_transport_for_matrix");

    await handle.db.update(channels).set({ verifiedAt: null }).where(eq(channels.id, channelId));
    await handle.db.update(notifications).set({ nextAttemptAt: new Date(Date.now() - 1_000) });
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } })).toMatchObject({
      claimed: 1,
      dead: 1,
    });
    expect(sentDeliveries).toEqual([]);
  });

  it("disables a channel the transport refuses for good, and tells the member on their other channel", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "en" });
    const refused = await seedMatrixChannel(handle.db, memberId, { roomId: "!kicked:example.org" });
    const other = await seedMatrixChannel(handle.db, memberId, { roomId: "!other:example.org" });
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ fingerprint: "later" }] }));
    const kickedBot: Transport = async (delivery) => {
      if (delivery.channel.roomId === "!kicked:example.org")
        throw new TransportError("matrix: HTTP 403 M_FORBIDDEN", { permanent: true });
      return fakeMatrix(delivery);
    };

    // One group at a time per channel: the refused channel's first row fails, its second waits behind it.
    await deliverDueNotifications(handle.db, {
      transports: { matrix: kickedBot },
      publicUrl: "https://vigie.example.org",
    });
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, refused));
    expect(channel).toMatchObject({
      verifiedAt: null,
      disabledReason: "matrix: HTTP 403 M_FORBIDDEN",
      disabledAt: expect.any(Date),
    });
    const rows = await rowsOf(memberId);
    expect(rows.filter((row) => row.channelId === refused).map((row) => row.deliveryState)).toEqual(["dead", "dead"]);
    await deliverDueNotifications(handle.db, {
      transports: { matrix: kickedBot },
      publicUrl: "https://vigie.example.org",
    });
    const notice = sentDeliveries.find((delivery) => delivery.message.body.startsWith("⚠️"));
    expect(notice).toMatchObject({ channel: { id: other } });
    expect(notice?.message.body).toContain(`Matrix (@${refused}:example.org): matrix: HTTP 403 M_FORBIDDEN`);
    expect(notice?.message.body).toContain("https://vigie.example.org/en/channels");
    // New alerts skip the disabled channel until the member links it again.
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ fingerprint: "after" }] }));
    expect((await rowsOf(memberId)).filter((row) => row.channelId === refused)).toHaveLength(2);
  });

  it("gives up a notification the server finds too large without disabling the channel", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "en" });
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: "!room:example.org" });
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    failWith = toTransportError(new MatrixError({ errcode: "M_TOO_LARGE", error: "event too large" }, 413));
    await deliverDueNotifications(handle.db, {
      transports: { matrix: fakeMatrix },
      publicUrl: "https://vigie.example.org",
    });
    expect((await rowsOf(memberId)).map((row) => [row.deliveryState, row.lastError])).toEqual([
      ["dead", "matrix: HTTP 413 M_TOO_LARGE"],
    ]);
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel).toMatchObject({ disabledAt: null, verifiedAt: expect.any(Date) });
    // Gotify's and Mattermost's errors come from the shared HTTP helper.
    failWith = statusFailure("gotify", 413, new Headers());
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ fingerprint: "second" }] }));
    await deliverDueNotifications(handle.db, {
      transports: { matrix: fakeMatrix },
      publicUrl: "https://vigie.example.org",
    });
    expect((await rowsOf(memberId)).map((row) => row.deliveryState)).toEqual(["dead", "dead"]);
    failWith = undefined;
    await recordAlertGroup(handle.db, alertGroupPayload(memberId, { alerts: [{ fingerprint: "next" }] }));
    await deliverDueNotifications(handle.db, {
      transports: { matrix: fakeMatrix },
      publicUrl: "https://vigie.example.org",
    });
    expect(sentDeliveries.map((delivery) => delivery.channel.id)).toEqual([channelId]);
  });

  it("edits the firing message on resolution where the channel can, and sends a new one where it cannot", async () => {
    const { memberId, targetId } = await seedMember(handle.db, { locale: "en", targetLabel: "Living-room brick" });
    await seedMatrixChannel(handle.db, memberId);
    const edits: { editId: string; externalId: string; body: string }[] = [];
    const editors = {
      matrix: async (edit: { editId: string; externalId: string; message: { body: string } }) => {
        edits.push({ editId: edit.editId, externalId: edit.externalId, body: edit.message.body });
        return `$edit-${edits.length}`;
      },
    };
    const firing = alertGroupPayload(memberId, {
      alerts: [
        { targetId, fingerprint: "aa" },
        { targetId, fingerprint: "bb" },
      ],
    });
    await recordAlertGroup(handle.db, firing);
    await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix }, editors });
    await recordAlertGroup(
      handle.db,
      alertGroupPayload(memberId, {
        alerts: [
          { targetId, fingerprint: "aa", status: "resolved" },
          { targetId, fingerprint: "bb" },
        ],
      }),
    );
    await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix }, editors });

    expect(sentDeliveries).toHaveLength(1);
    const resolution = (await rowsOf(memberId)).find((row) => row.alertStatus === "resolved");
    expect(edits).toEqual([
      {
        editId: `${resolution?.id}.0`,
        externalId: "$event-1",
        body: expect.stringMatching(/^🔴 One ongoing problem\n.*\n.*resolved/),
      },
    ]);
    expect(resolution).toMatchObject({ deliveryState: "sent", externalId: "$edit-1" });

    await recordAlertGroup(
      handle.db,
      alertGroupPayload(memberId, { status: "resolved", alerts: [{ targetId, fingerprint: "bb" }] }),
    );
    await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix } });
    expect(sentDeliveries[1]).toMatchObject({
      replyTo: "$event-1",
      message: { body: expect.stringContaining("Problem resolved") },
    });
  });

  it("holds back every row for a server that asked to slow down, without counting an attempt", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    const rateGate = new RateGate();
    rateGate.close("matrix", Date.now() + 60_000);
    expect(await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix }, rateGate })).toMatchObject({
      claimed: 2,
      postponed: 2,
    });
    const rows = await rowsOf(memberId);
    expect(rows.map((row) => row.attempts)).toEqual([0, 0]);
    expect(rows.every((row) => row.nextAttemptAt.getTime() >= Date.now() + 50_000)).toBe(true);
  });

  it("renews the lease of a slow send so that a second worker does not take its row, and leaves nothing leased", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    const leaseMs = 300;
    const slow = gatedTransport();
    const first = deliverDueNotifications(handle.db, { transports: { matrix: slow.transport }, leaseMs });
    await slow.sending;
    const [held] = await rowsOf(memberId);

    // A second worker polls until two leases past the one it saw: without renewals it would claim the row.
    const secondWorker: number[] = [];
    while (Date.now() < held!.leaseUntil!.getTime() + 2 * leaseMs) {
      secondWorker.push(
        (await deliverDueNotifications(handle.db, { transports: { matrix: fakeMatrix }, leaseMs })).claimed,
      );
      await pause(50);
    }
    slow.open();

    expect(await first).toMatchObject({ claimed: 1, sent: 1 });
    expect(secondWorker.filter((claimed) => claimed > 0)).toEqual([]);
    expect(sentDeliveries).toHaveLength(1);
    expect(await rowsOf(memberId)).toMatchObject([{ deliveryState: "sent", leaseUntil: null }]);
  });

  it("goes on sending when a renewal fails, and warns", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    await recordAlertGroup(handle.db, alertGroupPayload(memberId));
    const warn = vi.spyOn(log, "warn");
    renewal.fail = true;
    const slow = gatedTransport();
    const pass = deliverDueNotifications(handle.db, { transports: { matrix: slow.transport }, leaseMs: 150 });
    await slow.sending;
    await waitFor("two failed renewals", () => (renewal.calls >= 2 ? true : undefined), 5_000, 20);
    slow.open();

    expect(await pass).toMatchObject({ claimed: 1, sent: 1 });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ rows: 1 }), "notification leases not renewed");
    warn.mockRestore();
    // The heartbeat stopped with the pass.
    const calls = renewal.calls;
    await pause(200);
    expect(renewal.calls).toBe(calls);
  });
});
