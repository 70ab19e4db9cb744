import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, members, type NotificationAlert, notifications, silences } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/messages";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { createTestDatabase } from "@/lib/testing/database";
import {
  createDirectRoom,
  joinedMembers,
  type MatrixTestUser,
  roomMessages,
  sendAndAwaitReply,
} from "@/lib/testing/relay/matrix-user";
import { seedMember } from "@/lib/testing/relay/seed";
import { waitFor } from "@/lib/testing/wait-for";
import { type SynapseServer, startSynapse } from "@/scripts/synapse/start-synapse";
import { type MatrixBot, startMatrixBot } from "./matrix-bot";

const en = translatorFor("en", "bot");
let workDir: string;
let synapse: SynapseServer;
let handle: DbHandle;
let bot: MatrixBot;
let botUser: MatrixTestUser;
let owner: MatrixTestUser;
let member: { memberId: string; targetId: string };
let roomId: string;
const am = createFakeAlertmanager();

async function send(user: MatrixTestUser, type: string, content: unknown): Promise<string> {
  const url = `${synapse.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${randomUUID()}`;
  const response = await fetch(url, {
    method: "PUT",
    headers: { authorization: `Bearer ${user.accessToken}` },
    body: JSON.stringify(content),
  });
  if (!response.ok) throw new Error(`send ${type}: ${response.status}`);
  return ((await response.json()) as { event_id: string }).event_id;
}

/** An alert message as the relay would have sent it, recorded in the outbox with its Matrix event id. */
async function deliverAlert(targetId: string): Promise<string> {
  const eventId = await send(botUser, "m.room.message", { msgtype: "m.notice", body: `🔴 ${targetId}` });
  const alert: NotificationAlert = {
    alertname: "BlackboxProbeFailed",
    status: "firing",
    severity: "critical",
    targetId,
    instance: null,
    summary: null,
    startsAt: new Date().toISOString(),
  };
  const [channel] = await handle.db
    .select({ id: channels.id })
    .from(channels)
    .where(eq(channels.memberId, member.memberId));
  await handle.db.insert(notifications).values({
    id: `n_${randomUUID().slice(0, 8)}`,
    dedupeKey: randomUUID(),
    memberId: member.memberId,
    channelId: channel!.id,
    groupKey: targetId,
    alertStatus: "firing",
    alerts: [alert],
    deliveryState: "sent",
    externalId: eventId,
  });
  am.alerts.push({
    fingerprint: `fp-${targetId}`,
    labels: { alertname: "BlackboxProbeFailed", member: member.memberId, target: targetId, severity: "critical" },
  });
  return eventId;
}

/** The bot's first notice that replies to `eventId`. */
const replyTo = (eventId: string) =>
  waitFor(`the bot's reply to ${eventId}`, async () => {
    const events = (await roomMessages(synapse.url, owner, roomId)) as unknown as {
      sender: string;
      content: { body?: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } };
    }[];
    return events.find(
      (e) => e.sender === botUser.userId && e.content["m.relates_to"]?.["m.in_reply_to"]?.event_id === eventId,
    )?.content.body;
  });

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-synapse-ack-"));
  [synapse, handle] = await Promise.all([startSynapse({ workDir }), createTestDatabase()]);
  [botUser, owner] = await Promise.all([
    synapse.registerUser("vigie-bot", "bot-password-1"),
    synapse.registerUser("owner", "owner-password-1"),
  ]);
  member = await seedMember(handle.db, { locale: "en", targetLabel: "Brick" });
  bot = await startMatrixBot({
    db: handle.db,
    homeserverUrl: synapse.url,
    userId: botUser.userId,
    accessToken: botUser.accessToken,
    alertmanager: am.api,
  });
  roomId = await createDirectRoom(synapse.url, owner, botUser.userId);
  await waitFor(
    "the bot to join",
    async () => (await joinedMembers(synapse.url, owner, roomId)).includes(botUser.userId) || undefined,
  );
  await handle.db.insert(channels).values({
    id: "c_owner",
    memberId: member.memberId,
    type: "matrix",
    address: owner.userId,
    roomId,
    verifiedAt: new Date(),
  });
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await synapse?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("acknowledging alerts from Matrix", () => {
  it("acknowledges an alert when its owner reacts to the message", async () => {
    const alertEvent = await deliverAlert(member.targetId);
    await send(owner, "m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: alertEvent, key: "👍" } });
    expect(await replyTo(alertEvent)).toBe(en("silence.acknowledged", { count: 1 }));
    const rows = await handle.db.select().from(silences).where(eq(silences.memberId, member.memberId));
    expect(rows).toMatchObject([
      { createdVia: "ack", alertFingerprint: `fp-${member.targetId}`, targetId: member.targetId },
    ]);
    const matchers = (
      am.requests.find((r) => r.method === "POST")!.body as { matchers: { name: string; value: string }[] }
    ).matchers;
    expect(matchers.slice(0, 2)).toEqual([
      expect.objectContaining({ name: "member", value: member.memberId }),
      expect.objectContaining({ name: "target", value: member.targetId }),
    ]);
  }, 60_000);

  it("acknowledges with an ack reply, even for a target deleted since, and answers !status in the member's language", async () => {
    const alertEvent = await deliverAlert("t_deleted_since");
    await send(owner, "m.room.message", {
      msgtype: "m.text",
      body: "> <@vigie-bot> 🔴 t_deleted_since\n\nack",
      "m.relates_to": { "m.in_reply_to": { event_id: alertEvent } },
    });
    expect(await replyTo(alertEvent)).toBe(en("silence.acknowledged", { count: 1 }));
    const status = await sendAndAwaitReply(synapse.url, owner, roomId, botUser.userId, "!status");
    expect(status.split("\n")[0]).toBe(en("status.title"));
    expect(status).toContain("Brick");
    await handle.db.update(members).set({ locale: "fr" }).where(eq(members.id, member.memberId));
    expect(await sendAndAwaitReply(synapse.url, owner, roomId, botUser.userId, "!silence 1x")).toBe(
      translatorFor("fr", "bot")("silence.invalidDuration"),
    );
  }, 60_000);
});
