import {
  ClientEvent,
  createClient,
  EventType,
  MsgType,
  RoomEvent,
  RoomMemberEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import type { Db } from "@/lib/db/client";
import { handledChatEvents } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { translatorFor } from "@/lib/i18n/messages";
import type { AlertmanagerApi } from "@/lib/monitoring/alertmanager-api";
import { alertmanagerApiFromEnv } from "@/lib/silences/alertmanager-from-env";
import { acknowledgeAlerts } from "@/lib/silences/acknowledgements";
import { findNotificationToAcknowledge } from "@/lib/silences/data";
import { answerCommand } from "./command-replies";
import { isAcknowledgement, parseCommand } from "./commands";
import { matrixSdkLogger } from "./matrix-sdk-logger";

/** `alertmanager`: for !status, !silence and acknowledgements; ALERTMANAGER_URL when not given. */
export type MatrixBotOptions = { db: Db; homeserverUrl: string; userId: string; accessToken: string; alertmanager?: AlertmanagerApi | null };
export type MatrixBot = { stop(): Promise<void> };

const botLog = log.child({ component: "matrix-bot" });

/**
 * Starts the Matrix bot: joins the rooms it is invited to and answers commands. Resolves once the first sync
 * is done, so a wrong token or an unreachable homeserver fails here rather than silently.
 * Unencrypted rooms only: the bot cannot read end-to-end encrypted messages (yet).
 */
export async function startMatrixBot(options: MatrixBotOptions): Promise<MatrixBot> {
  const client = createClient({
    baseUrl: options.homeserverUrl,
    userId: options.userId,
    accessToken: options.accessToken,
    logger: matrixSdkLogger(botLog),
  });

  client.on(RoomMemberEvent.Membership, (_event, member) => {
    if (member.userId === options.userId && member.membership === "invite") void joinRoom(client, member.roomId);
  });
  client.on(RoomEvent.Timeline, (event, room, toStartOfTimeline) => {
    // Back-pagination brings old history; only events arriving through /sync are new to us.
    if (toStartOfTimeline || !room) return;
    handleEvent(options, client, event, room).catch((error: unknown) =>
      botLog.error({ err: error, eventId: event.getId() }, "matrix event handling failed"),
    );
  });

  const prepared = waitForFirstSync(client);
  await client.startClient({ initialSyncLimit: 20 });
  try {
    await prepared;
  } catch (error) {
    client.stopClient();
    throw error;
  }
  // Invites that arrived while the bot was stopped come in the initial sync, before our listener could act.
  for (const room of client.getRooms()) {
    if (room.getMyMembership() === "invite") void joinRoom(client, room.roomId);
  }
  botLog.info({ userId: options.userId }, "matrix bot started");
  return {
    stop: async () => {
      client.stopClient();
      client.removeAllListeners();
    },
  };
}

async function handleEvent(options: MatrixBotOptions, client: MatrixClient, event: MatrixEvent, room: Room) {
  const eventId = event.getId();
  const sender = event.getSender();
  if (!eventId || !sender || sender === options.userId) return;
  const content = event.getContent();
  const alertmanager = options.alertmanager === undefined ? alertmanagerApiFromEnv() : options.alertmanager;
  if (event.getType() === EventType.Reaction) {
    const reactedTo = content["m.relates_to"]?.event_id;
    if (typeof reactedTo === "string") await acknowledge(options, client, { eventId, sender, room, answered: reactedTo, alertmanager });
    return;
  }
  if (event.getType() !== EventType.RoomMessage) return;
  // m.notice is what bots send: never answering it keeps two bots from talking to each other forever.
  if (content.msgtype !== MsgType.Text || typeof content.body !== "string") return;
  const repliedTo = content["m.relates_to"]?.["m.in_reply_to"]?.event_id;
  if (typeof repliedTo === "string" && isAcknowledgement(content.body)) {
    await acknowledge(options, client, { eventId, sender, room, answered: repliedTo, alertmanager });
    return;
  }
  const command = parseCommand(content.body);
  if (!command) return;
  if (!(await claimEvent(options.db, eventId))) return;

  const answer = await answerCommand(
    options.db,
    command,
    { sender, roomId: room.roomId, isDirect: room.getInvitedAndJoinedMemberCount() <= 2, channelType: "matrix" },
    { alertmanager },
  );
  await client.sendMessage(room.roomId, { msgtype: MsgType.Notice, body: answer });
}

/**
 * A reaction to (or an "ack" reply to) one of our alert messages, by the account of the channel it was sent to:
 * silences its alerts until they resolve. Reactions to anything else are ignored without a word.
 */
async function acknowledge(
  options: MatrixBotOptions,
  client: MatrixClient,
  input: { eventId: string; sender: string; room: Room; answered: string; alertmanager: AlertmanagerApi | null },
) {
  const notification = await findNotificationToAcknowledge(options.db, {
    externalId: input.answered,
    roomId: input.room.roomId,
    sender: input.sender,
    channelType: "matrix",
  });
  if (!notification || !(await claimEvent(options.db, input.eventId))) return;
  const t = translatorFor(notification.locale, "bot");
  let answer: string;
  if (!input.alertmanager) answer = t("silence.unavailable");
  else {
    const count = await acknowledgeAlerts(options.db, input.alertmanager, notification.memberId, notification.alerts).catch(
      (error: unknown) => (botLog.error({ err: error }, "acknowledgement failed"), null),
    );
    if (count === null) answer = t("silence.unavailable");
    else answer = count > 0 ? t("silence.acknowledged", { count }) : t("silence.nothingToAcknowledge");
  }
  const reply = { "m.in_reply_to": { event_id: input.answered } };
  await client.sendMessage(input.room.roomId, { msgtype: MsgType.Notice, body: answer, "m.relates_to": reply });
}

/**
 * Records the event as handled; false when it already was. Claimed before acting: after a crash a command
 * may go unanswered, but a replayed history can never make the bot answer (or link) twice.
 */
async function claimEvent(db: Db, eventId: string): Promise<boolean> {
  const inserted = await db
    .insert(handledChatEvents)
    .values({ eventId })
    .onConflictDoNothing()
    .returning({ eventId: handledChatEvents.eventId });
  return inserted.length > 0;
}

async function joinRoom(client: MatrixClient, roomId: string): Promise<void> {
  try {
    await client.joinRoom(roomId);
  } catch (error) {
    botLog.warn({ err: error, roomId }, "could not join invited room");
  }
}

function waitForFirstSync(client: MatrixClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSync = (state: SyncState, _previous: SyncState | null, data?: { error?: Error }) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(data?.error ?? new Error("matrix_sync_failed"));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
}
