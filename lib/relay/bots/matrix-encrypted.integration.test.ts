import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { EventType, type MatrixEvent, RelationType } from "matrix-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixIdSchema } from "@/lib/channels/schema";
import type { DbHandle } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/messages";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { setMemberLocale, upsertMemberFromOidc } from "@/lib/members/mutations";
import type { MatrixSessionConfig } from "@/lib/relay/matrix/session";
import { createSharedMatrixSession, type SharedMatrixSession } from "@/lib/relay/matrix/shared-session";
import { renderNotification } from "@/lib/relay/outbox/render-message";
import { createMatrixEditor, createMatrixTransport } from "@/lib/relay/transports/matrix";
import type { Delivery } from "@/lib/relay/transports/transport";
import { createMatrixChannel } from "@/lib/testing/channels";
import { createTestDatabase } from "@/lib/testing/database";
import { type EncryptingMember, startEncryptingMember } from "@/lib/testing/relay/encrypting-member";
import { hugeGroup } from "@/lib/testing/relay/huge-group";
import { createDirectRoom, type MatrixTestUser, matrixRequest, roomMessages } from "@/lib/testing/relay/matrix-user";
import { waitFor } from "@/lib/testing/wait-for";
import { type SynapseServer, startSynapse } from "@/scripts/synapse/start-synapse";
import { type MatrixBot, startMatrixBot } from "./matrix-bot";

const en = translatorFor("en", "bot");
const botPassword = "bot-password-1";
let workDir: string;
let synapse: SynapseServer;
let handle: DbHandle;
let botUser: MatrixTestUser;
let alice: EncryptingMember;
let config: MatrixSessionConfig;
let session: SharedMatrixSession;
let bot: MatrixBot;
let memberId: string;
let channelId: string;
let roomId: string;
let devicesAtStart: string[];

/** What the worker does: one session shared by the bot, the transport and the editor. */
async function startWorkerSide() {
  session = createSharedMatrixSession(config);
  bot = await startMatrixBot({ db: handle.db, session, alertmanager: null });
  return {
    transport: createMatrixTransport({ ...config, session }),
    editor: createMatrixEditor({ ...config, session }),
  };
}
let sides: Awaited<ReturnType<typeof startWorkerSide>>;

const delivery = (notificationId: string, body: string, room = roomId): Delivery => ({
  notificationId,
  channel: { id: channelId, type: "matrix", roomId: room, address: alice.userId, secretCiphertext: null },
  alertStatus: "firing",
  message: { body, formattedBody: `<b>${body}</b>` },
});
const ask = async (body: string) => {
  const sent = await alice.sendText(roomId, body);
  return (await alice.awaitMessageFrom(roomId, botUser.userId, sent)).getContent().body as string;
};
const eventIn = (id: string) =>
  waitFor(`event ${id} at the member`, () => alice.client.getRoom(roomId)?.findEventById(id));
const botDevices = async () => {
  const { devices } = await matrixRequest<{ devices: { device_id: string }[] }>(
    synapse.url,
    botUser,
    "GET",
    "/devices",
  );
  return devices.map((device) => device.device_id);
};

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-synapse-e2ee-"));
  [synapse, handle] = await Promise.all([startSynapse({ workDir }), createTestDatabase()]);
  const [bot, member] = await Promise.all([
    synapse.registerUser("vigie-bot", botPassword),
    synapse.registerUser("alice", "alice-password-1"),
  ]);
  botUser = bot;
  // With VIGIE_SECRET_KEY: every restart below reads the device back from an encrypted file.
  const secretKey = randomBytes(32);
  config = {
    homeserverUrl: synapse.url,
    userId: bot.userId,
    accessToken: bot.accessToken,
    password: botPassword,
    stateDir: path.join(workDir, "state"),
    secretKey,
  };
  alice = await startEncryptingMember(synapse.url, member.userId, "alice-password-1");
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "alice", isAdmin: false })).id;
  await setMemberLocale(handle.db, memberId, "en");
  channelId = await createMatrixChannel(handle.db, memberId, matrixIdSchema.parse(member.userId), 100);
  sides = await startWorkerSide();
  devicesAtStart = (await botDevices()).sort();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await session?.stop();
  await alice?.stop();
  await synapse?.stop();
  await handle?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("Matrix in end-to-end encrypted rooms", () => {
  it("links the channel from an encrypted direct room and answers encrypted", async () => {
    roomId = await alice.createEncryptedDirectRoom(botUser.userId);
    await waitFor(
      "the bot to join",
      () => alice.client.getRoom(roomId)?.getMember(botUser.userId)?.membership === "join" || undefined,
    );
    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 30 });
    const sent = await alice.sendText(roomId, `!link ${token}`);
    const answer = await alice.awaitMessageFrom(roomId, botUser.userId, sent);
    expect(answer.getContent().body).toBe(en("link.success"));
    expect(answer.getWireType()).toBe(EventType.RoomMessageEncrypted);
    const [channel] = await handle.db.select().from(channels).where(eq(channels.id, channelId));
    expect(channel).toMatchObject({ roomId, verifiedAt: expect.any(Date) });
  }, 30_000);

  it("sends an alert the member decrypts, once however often the send is retried", async () => {
    const first = await sides.transport(delivery("n_alert_1", "Brick is down"));
    expect(await sides.transport(delivery("n_alert_1", "Brick is down"))).toBe(first);
    const event = await eventIn(first);
    await waitFor("decryption", () => (event.getType() === EventType.RoomMessage ? true : undefined));
    expect(event.getWireType()).toBe(EventType.RoomMessageEncrypted);
    expect(event.getContent()).toMatchObject({
      msgtype: "m.text",
      body: "Brick is down",
      formatted_body: "<b>Brick is down</b>",
    });
    const sent = await alice.sendText(roomId, "!help");
    await alice.awaitMessageFrom(roomId, botUser.userId, sent);
    const bodies = alice.client
      .getRoom(roomId)!
      .getLiveTimeline()
      .getEvents()
      .map((e) => e.getContent().body);
    expect(bodies.filter((body) => body === "Brick is down")).toHaveLength(1);
  }, 30_000);

  it("edits the alert with an encrypted m.replace the member's client applies", async () => {
    const original = await sides.transport(delivery("n_alert_2", "Router is down"));
    const edit = {
      editId: "e_alert_2",
      channel: delivery("x", "").channel,
      externalId: original,
      message: { body: "Router is up", formattedBody: "<i>Router is up</i>" },
    };
    const editId = await sides.editor(edit);
    expect(await sides.editor(edit)).toBe(editId);
    const editEvent = await eventIn(editId);
    await waitFor("the edit's decryption", () => (editEvent.getType() === EventType.RoomMessage ? true : undefined));
    expect(editEvent.getWireType()).toBe(EventType.RoomMessageEncrypted);
    expect(editEvent.getWireContent()["m.relates_to"]).toEqual({ rel_type: RelationType.Replace, event_id: original });
    expect(editEvent.getContent()).toMatchObject({
      body: "* Router is up",
      "m.new_content": {
        msgtype: "m.text",
        body: "Router is up",
        format: "org.matrix.custom.html",
        formatted_body: "<i>Router is up</i>",
      },
    });
    const originalEvent = await eventIn(original);
    const replaced = await waitFor(
      "the edit applied",
      () => (originalEvent.replacingEvent() as MatrixEvent | null) ?? undefined,
    );
    expect(replaced.getId()).toBe(editId);
    expect(originalEvent.getContent().body).toBe("Router is up");
  }, 30_000);

  it("sends a 500-alert group and its edit encrypted, within Synapse's event size", async () => {
    for (const locale of ["fr", "nl", "en"] as const) {
      const message = renderNotification({ locale, ...hugeGroup() });
      const original = await sides.transport({ ...delivery(`n_huge_${locale}`, ""), message });
      const editId = await sides.editor({
        editId: `e_huge_${locale}`,
        channel: delivery("x", "").channel,
        externalId: original,
        message,
      });
      const editEvent = await eventIn(editId);
      await waitFor("the edit's decryption", () => (editEvent.getType() === EventType.RoomMessage ? true : undefined));
      expect(editEvent.getContent()["m.new_content"]).toMatchObject({ body: message.body });
    }
  }, 60_000);

  it("keeps sending plain, idempotent messages to unencrypted rooms", async () => {
    const plainUser = { userId: alice.userId, accessToken: alice.client.getAccessToken()! };
    const plainRoom = await createDirectRoom(synapse.url, plainUser, botUser.userId);
    await waitFor(
      "the bot to join",
      () => alice.client.getRoom(plainRoom)?.getMember(botUser.userId)?.membership === "join" || undefined,
    );
    const first = await sides.transport(delivery("n_plain_1", "Plain alert", plainRoom));
    expect(await sides.transport(delivery("n_plain_1", "Plain alert", plainRoom))).toBe(first);
    const events = await roomMessages(synapse.url, plainUser, plainRoom);
    expect(events.filter((event) => event.content.body === "Plain alert")).toEqual([
      expect.objectContaining({ event_id: first, type: "m.room.message" }),
    ]);
  }, 30_000);

  it("keeps its device and keys across a restart, and answers what was sent while it was stopped", async () => {
    const before = (await session.start()).deviceId;
    await bot.stop();
    await session.stop();
    const sentMeanwhile = await alice.sendText(roomId, "!help");
    sides = await startWorkerSide();
    expect((await session.start()).deviceId).toBe(before);
    expect((await botDevices()).sort()).toEqual(devicesAtStart);
    const saved = readFileSync(path.join(workDir, "state", "matrix-session.bin"));
    expect([saved.includes(botUser.userId), saved.includes(before ?? "no device")]).toEqual([false, false]);
    expect((await alice.awaitMessageFrom(roomId, botUser.userId, sentMeanwhile)).getContent().body).toBe(
      en("commands.help"),
    );
    expect(await ask("!help")).toBe(en("commands.help"));
  }, 60_000);

  it("after a crash, restarts on the same device from what was on disk: a retried send still shows once", async () => {
    const sentBefore = await sides.transport(delivery("n_alert_3", "Switch is down"));
    const crashed = await session.start();
    // What SIGKILL leaves: the process's memory (client, crypto store) is gone, the files and the lock stay.
    crashed.client.stopClient();
    sides = await startWorkerSide();
    expect((await session.start()).deviceId).toBe(crashed.deviceId);
    const again = await sides.transport(delivery("n_alert_3", "Switch is down"));
    expect(again).toBe(sentBefore);
    expect(await ask("!help")).toBe(en("commands.help"));
    const alert = await sides.transport(delivery("n_alert_4", "Switch is still down"));
    const event = await eventIn(alert);
    await waitFor("decryption after the crash", () =>
      event.getContent().body === "Switch is still down" ? true : undefined,
    );
    expect((await botDevices()).sort()).toEqual(devicesAtStart);
  }, 60_000);
});
