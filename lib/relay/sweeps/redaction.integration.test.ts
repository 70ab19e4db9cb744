import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { members, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { type MatrixTestUser, matrixRequest } from "@/lib/testing/relay/matrix-user";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { type SynapseWithRoom, startSynapseWithDirectRoom } from "@/lib/testing/relay/synapse-room";
import type { SynapseServer } from "@/scripts/synapse/start-synapse";
import { createMatrixApi, sendMatrixMessage } from "../transports/matrix";
import { redactExpiredMessages } from "./redaction";

// The bot removes its own old alert messages from a real Synapse (SYNAPSE_PYTHON names its interpreter).
type User = MatrixTestUser;
type RoomEvent = { event_id: string; content: { body?: string }; unsigned?: { redacted_because?: unknown } };

const dayMs = 86_400_000;
let synapse: SynapseServer;
let handle: DbHandle;
let matrixPeers: SynapseWithRoom;
let bot: User;
let member: User;
let roomId: string;

const matrix = <T>(user: User, method: string, apiPath: string, body?: unknown) =>
  matrixRequest<T>(synapse.url, user, method, apiPath, body);

/** The event as the member's client shows it. */
const eventSeenByMember = (eventId: string) =>
  matrix<RoomEvent>(member, "GET", `/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`);

/** A message the bot really sent, recorded in the outbox as sent `ageDays` ago. */
async function sendOldAlert(
  memberId: string,
  channelId: string,
  body: string,
  ageDays: number,
  now: Date,
): Promise<{ id: string; eventId: string }> {
  const id = newId("n");
  const eventId = await sendMatrixMessage(
    { homeserverUrl: synapse.url, accessToken: bot.accessToken },
    { roomId, txnId: id, body, formattedBody: body },
  );
  await handle.db.insert(notifications).values({
    id,
    dedupeKey: id,
    memberId,
    channelId,
    groupKey: "g",
    alertStatus: "firing",
    alerts: [],
    deliveryState: "sent",
    externalId: eventId,
    sentAt: new Date(now.getTime() - ageDays * dayMs),
    createdAt: new Date(now.getTime() - ageDays * dayMs),
  });
  return { id, eventId };
}

beforeAll(async () => {
  [matrixPeers, handle] = await Promise.all([startSynapseWithDirectRoom("redaction"), createTestDatabase()]);
  ({ synapse, bot, member, roomId } = matrixPeers);
}, 90_000);

afterAll(async () => {
  await matrixPeers?.stop();
  await handle?.close();
});

describe("redaction against a real Synapse", () => {
  it("removes messages older than the member's retention and keeps recent ones", async () => {
    const now = new Date();
    const { memberId } = await seedMember(handle.db);
    await handle.db.update(members).set({ messageRetentionDays: 10 }).where(eq(members.id, memberId));
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId });
    const old = await sendOldAlert(memberId, channelId, "Old alert", 11, now);
    const recent = await sendOldAlert(memberId, channelId, "Recent alert", 9, now);
    const api = createMatrixApi({ homeserverUrl: synapse.url, accessToken: bot.accessToken });

    expect(await redactExpiredMessages(handle.db, api, { now })).toEqual({ redacted: 1, abandoned: 0, deferred: 0 });
    const oldEvent = await eventSeenByMember(old.eventId);
    expect(oldEvent.content.body).toBeUndefined();
    expect(oldEvent.unsigned?.redacted_because).toBeDefined();
    expect((await eventSeenByMember(recent.eventId)).content.body).toBe("Recent alert");

    const rows = await handle.db
      .select({ id: notifications.id, redactedAt: notifications.redactedAt })
      .from(notifications);
    expect(rows.find((row) => row.id === old.id)?.redactedAt).toEqual(now);
    expect(rows.find((row) => row.id === recent.id)?.redactedAt).toBeNull();
    // Done once: the next pass has nothing left to do.
    expect(await redactExpiredMessages(handle.db, api, { now })).toEqual({ redacted: 0, abandoned: 0, deferred: 0 });
  });

  it("gives up on a message the homeserver does not know, and defers when it is unreachable", async () => {
    const now = new Date();
    const { memberId } = await seedMember(handle.db);
    const channelId = await seedMatrixChannel(handle.db, memberId, { roomId: "!unknown-room:localhost" });
    await handle.db.insert(notifications).values({
      id: newId("n"),
      dedupeKey: newId("n"),
      memberId,
      channelId,
      groupKey: "g",
      alertStatus: "firing",
      alerts: [],
      deliveryState: "sent",
      externalId: "$unknown-event",
      sentAt: new Date(now.getTime() - 40 * dayMs),
    });
    const away = createMatrixApi({
      homeserverUrl: "http://127.0.0.1:9",
      accessToken: bot.accessToken,
      timeoutMs: 2_000,
    });
    expect(await redactExpiredMessages(handle.db, away, { now })).toEqual({ redacted: 0, abandoned: 0, deferred: 1 });
    const api = createMatrixApi({ homeserverUrl: synapse.url, accessToken: bot.accessToken });
    expect(await redactExpiredMessages(handle.db, api, { now })).toEqual({ redacted: 0, abandoned: 1, deferred: 0 });
    expect(await redactExpiredMessages(handle.db, api, { now })).toEqual({ redacted: 0, abandoned: 0, deferred: 0 });
  });
});
