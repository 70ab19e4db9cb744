import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { hugeGroup } from "@/lib/testing/relay/huge-group";
import { type MatrixTestUser, matrixRequest } from "@/lib/testing/relay/matrix-user";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { type SynapseWithRoom, startSynapseWithDirectRoom } from "@/lib/testing/relay/synapse-room";
import type { SynapseServer } from "@/scripts/synapse/start-synapse";
import { handleAlertmanagerWebhook } from "../intake/webhook-handler";
import { createMatrixTransport, editMatrixMessage, sendMatrixMessage } from "../transports/matrix";
import type { Transports } from "../transports/transport";
import { TransportError } from "../transports/transport-error";
import { deliverDueNotifications } from "./deliver";
import { renderNotification } from "./render-message";

// The whole alert path against a real Synapse (SYNAPSE_PYTHON names its interpreter): webhook → outbox → Matrix.
type User = MatrixTestUser;
type RoomMessage = {
  event_id: string;
  sender: string;
  content: { body: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id: string } } };
};

const webhookToken = "integration-webhook-token";
let synapse: SynapseServer;
let handle: DbHandle;
let matrixPeers: SynapseWithRoom;
let bot: User;
let member: User;
let roomId: string;
let memberId: string;
let targetId: string;
let transports: Transports;

const matrix = <T>(user: User, method: string, apiPath: string, body?: unknown) =>
  matrixRequest<T>(synapse.url, user, method, apiPath, body);

/** What the member's client shows: the bot's messages in the room, oldest first. */
async function botMessagesSeenByMember(): Promise<RoomMessage[]> {
  const { chunk } = await matrix<{ chunk: (RoomMessage & { type: string })[] }>(
    member,
    "GET",
    `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=100`,
  );
  return chunk.filter((event) => event.type === "m.room.message" && event.sender === bot.userId).reverse();
}

async function postToWebhook(payload: unknown): Promise<unknown> {
  const request = new Request("http://localhost/api/alertmanager/webhook", {
    method: "POST",
    headers: { authorization: `Bearer ${webhookToken}`, "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  const response = await handleAlertmanagerWebhook(request, { db: handle.db, token: webhookToken });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  [matrixPeers, handle] = await Promise.all([startSynapseWithDirectRoom("relay"), createTestDatabase()]);
  ({ synapse, bot, member, roomId } = matrixPeers);
  ({ memberId, targetId } = await seedMember(handle.db, { locale: "en", targetLabel: "Living-room brick" }));
  await seedMatrixChannel(handle.db, memberId, { roomId });
  transports = { matrix: createMatrixTransport({ homeserverUrl: synapse.url, accessToken: bot.accessToken }) };
}, 90_000);

afterAll(async () => {
  await matrixPeers?.stop();
  await handle?.close();
});

describe("alert delivery to a real Synapse", () => {
  it("shows a twice-posted alert once, survives a resend after a crash, and answers it when resolved", async () => {
    const firing = alertGroupPayload(memberId, { alerts: [{ targetId }] });
    expect(await postToWebhook(firing)).toEqual({ stored: 1 });
    expect(await postToWebhook(firing)).toEqual({ stored: 0 });

    expect(await deliverDueNotifications(handle.db, { transports })).toMatchObject({ claimed: 1, sent: 1 });
    const afterFirst = await botMessagesSeenByMember();
    expect(afterFirst).toHaveLength(1);
    expect(afterFirst[0]?.content.body).toContain("Living-room brick: is not responding");
    const [sent] = await handle.db.select().from(notifications).where(eq(notifications.memberId, memberId));
    expect(sent).toMatchObject({ deliveryState: "sent", externalId: afterFirst[0]?.event_id });

    // A worker that crashed after the homeserver accepted the send but before markSent: the row is due again.
    await handle.db
      .update(notifications)
      .set({ deliveryState: "pending", externalId: null, sentAt: null, leaseUntil: null, nextAttemptAt: new Date(0) })
      .where(eq(notifications.id, sent!.id));
    expect(await deliverDueNotifications(handle.db, { transports })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await botMessagesSeenByMember()).toHaveLength(1);
    const [resent] = await handle.db.select().from(notifications).where(eq(notifications.id, sent!.id));
    expect(resent?.externalId).toBe(afterFirst[0]?.event_id);

    expect(await postToWebhook(alertGroupPayload(memberId, { status: "resolved", alerts: [{ targetId }] }))).toEqual({
      stored: 1,
    });
    expect(await deliverDueNotifications(handle.db, { transports })).toMatchObject({ claimed: 1, sent: 1 });
    const afterResolved = await botMessagesSeenByMember();
    expect(afterResolved).toHaveLength(2);
    expect(afterResolved[1]?.content.body).toContain("Living-room brick: is not responding, resolved");
    expect(afterResolved[1]?.content["m.relates_to"]?.["m.in_reply_to"]?.event_id).toBe(afterFirst[0]?.event_id);
  });

  it("fits a 500-alert group and its edit in Synapse's events, and fails only the one event Synapse finds too large", async () => {
    const target = { homeserverUrl: synapse.url, accessToken: bot.accessToken };
    for (const locale of ["fr", "nl", "en"] as const) {
      const message = renderNotification({ locale, ...hugeGroup() });
      const eventId = await sendMatrixMessage(target, { roomId, txnId: `huge-${locale}`, ...message });
      await editMatrixMessage(target, { roomId, txnId: `huge-edit-${locale}`, eventId, message });
    }
    const tooLarge = "x".repeat(70 * 1024);
    const refusal = await sendMatrixMessage(target, {
      roomId,
      txnId: "too-large",
      body: tooLarge,
      formattedBody: tooLarge,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TransportError);
    expect(refusal).toMatchObject({ permanent: true, keepsChannel: true, message: "matrix: HTTP 413 M_TOO_LARGE" });
  });
});
