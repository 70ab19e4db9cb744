import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listChannelsForMember } from "@/lib/channels/data";
import { queueTestMessage } from "@/lib/channels/test-message";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { channels, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { seedMember } from "@/lib/testing/relay/seed";
import { startFakeSmtpServer } from "@/lib/testing/relay/smtp-server.fake";
import { createEmailTransport } from "../transports/email";
import { createGotifyTransport } from "../transports/gotify";
import { createMattermostTransport } from "../transports/mattermost";
import type { Delivery } from "../transports/transport";
import { deliverDueNotifications } from "./deliver";

// The test message takes the alerts' path: outbox row, worker pass, the channel's own transport and format.
let handle: DbHandle;
let mattermost: Awaited<ReturnType<typeof startRecordingServer>>;
let gotify: Awaited<ReturnType<typeof startRecordingServer>>;
let smtp: Awaited<ReturnType<typeof startFakeSmtpServer>>;
const key = parseSecretKey(randomBytes(32).toString("base64"));
const matrixSent: Delivery[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  mattermost = await startRecordingServer({ status: 201, body: JSON.stringify({ id: "post-test" }) });
  gotify = await startRecordingServer({ status: 200, body: JSON.stringify({ id: 7 }) }, "127.0.0.2");
  smtp = await startFakeSmtpServer();
});
afterAll(async () => {
  await mattermost.close();
  await gotify.close();
  await smtp.close();
  await handle.close();
});

const transports = () => ({
  mattermost: createMattermostTransport({ serverUrl: mattermost.url, botToken: "bot-token" }),
  gotify: createGotifyTransport({ secretKey: key, policy: { allowedNetworks: ["127.0.0.2/32"], monitoringHosts: [] } }),
  email: createEmailTransport({ smtpUrl: smtp.url, from: "Vigie <vigie@neutrinet.test>" }),
  matrix: async (delivery: Delivery) => {
    matrixSent.push(delivery);
    return `$event-${matrixSent.length}`;
  },
});

async function verifiedChannel(memberId: string, values: Partial<typeof channels.$inferInsert>) {
  const id = newId("c");
  await handle.db
    .insert(channels)
    .values({ id, memberId, type: "matrix", address: `@${id}:example.org`, verifiedAt: new Date(), ...values });
  return id;
}

async function sendOne(memberId: string, channelId: string) {
  const queued = await queueTestMessage(handle.db, memberId, channelId);
  if (!queued.ok) throw new Error(queued.reason);
  expect(await deliverDueNotifications(handle.db, { transports: transports() })).toMatchObject({ sent: 1 });
  return queued.notificationId;
}

describe("a test message", () => {
  it("reaches Mattermost as a post in the member's direct channel, in their language", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "en" });
    const channelId = await verifiedChannel(memberId, { type: "mattermost", address: "alice", roomId: "dm-1" });
    const notificationId = await sendOne(memberId, channelId);
    expect(mattermost.requests).toHaveLength(1);
    expect(mattermost.requests[0]).toMatchObject({ method: "POST", url: "/api/v4/posts" });
    expect(mattermost.requests[0]?.headers.authorization).toBe("Bearer bot-token");
    expect(mattermost.requests[0]?.body).toEqual({
      channel_id: "dm-1",
      message:
        "🔔 Vigie test message\nThis is a test message, asked for from the portal: your alerts will reach you on Mattermost (alice). There is nothing to do.",
      pending_post_id: notificationId,
    });
  });

  it("reaches Gotify with its title and text, the sealed token in X-Gotify-Key", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "nl" });
    const id = newId("c");
    await handle.db.insert(channels).values({
      id,
      memberId,
      type: "gotify",
      address: `${gotify.url}/push`,
      secretCiphertext: encryptSecret(key, "App.Token-9", id),
      verifiedAt: new Date(),
    });
    await sendOne(memberId, id);
    expect(gotify.requests).toHaveLength(1);
    expect(gotify.requests[0]).toMatchObject({ method: "POST", url: "/push/message" });
    expect(gotify.requests[0]?.headers["x-gotify-key"]).toBe("App.Token-9");
    expect(gotify.requests[0]?.body).toEqual({
      title: "🔔 Testbericht van Vigie",
      message: `Dit is een testbericht, aangevraagd in het portaal: uw meldingen komen aan via Gotify (${gotify.url}/push). U hoeft niets te doen.`,
      priority: expect.any(Number),
    });
  });

  it("arrives by e-mail through a real SMTP server, and shows as the channel's last delivery", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "fr" });
    const channelId = await verifiedChannel(memberId, { type: "email", address: "membre@example.org" });
    await sendOne(memberId, channelId);
    await smtp.waitForMails(1);
    const [mail] = smtp.received;
    expect(mail?.envelopeTo).toEqual(["membre@example.org"]);
    expect(mail?.mail.subject).toBe("Vigie · 🔔 Message d’essai de Vigie");
    expect(mail?.mail.text).toContain("Ceci est un message d’essai");
    const [listed] = await listChannelsForMember(handle.db, memberId);
    expect(listed?.lastDelivery).toMatchObject({ state: "sent", error: null });
  });

  it("goes to the Matrix room with its formatted text, and a failed one shows with its reason", async () => {
    const { memberId } = await seedMember(handle.db, { locale: "en" });
    const channelId = await verifiedChannel(memberId, { roomId: "!room:example.org" });
    await sendOne(memberId, channelId);
    expect(matrixSent.at(-1)?.channel.roomId).toBe("!room:example.org");
    expect(matrixSent.at(-1)?.message.formattedBody).toContain("<strong>🔔 Vigie test message</strong>");

    // Another member sees none of it; a row given up on is listed with the transport's error.
    const other = await seedMember(handle.db);
    await verifiedChannel(other.memberId, {});
    expect((await listChannelsForMember(handle.db, other.memberId)).map((channel) => channel.lastDelivery)).toEqual([
      null,
    ]);
    const queued = await queueTestMessage(handle.db, memberId, channelId);
    if (!queued.ok) throw new Error(queued.reason);
    await handle.db
      .update(notifications)
      .set({ deliveryState: "dead", lastError: "matrix: HTTP 403 M_FORBIDDEN" })
      .where(eq(notifications.id, queued.notificationId));
    const [listed] = await listChannelsForMember(handle.db, memberId);
    expect(listed?.lastDelivery).toMatchObject({ state: "dead", error: "matrix: HTTP 403 M_FORBIDDEN" });
  });
});
