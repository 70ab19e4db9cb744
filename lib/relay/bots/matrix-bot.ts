import {
  EventType,
  type MatrixClient,
  type MatrixEvent,
  MatrixEventEvent,
  MsgType,
  type Room,
  RoomEvent,
  type RoomMember,
  RoomMemberEvent,
} from "matrix-js-sdk";
import type { Db } from "@/lib/db/client";
import { translatorFor } from "@/lib/i18n/messages";
import type { WindowLimiter } from "@/lib/limits/window-limiter";
import { log } from "@/lib/log";
import type { AlertmanagerApi } from "@/lib/monitoring/alertmanager-api";
import type { MatrixSessionSource } from "@/lib/relay/matrix/send-event";
import { type MatrixSessionConfig, startMatrixSession } from "@/lib/relay/matrix/session";
import { acknowledgeAlerts } from "@/lib/silences/acknowledgements";
import { alertmanagerApiFromEnv } from "@/lib/silences/alertmanager-from-env";
import { findNotificationToAcknowledge } from "@/lib/silences/data";
import { commandLimiterFromEnv, gateCommand } from "./command-limit";
import { answerCommand } from "./command-replies";
import { isAcknowledgement, parseCommand } from "./commands";
import { claimChatEvent, isTooOldToAnswer } from "./handled-events";
import { answerInvite, inviteEventOf, isDirectRoom, leaveIfGroup } from "./matrix-rooms";

/**
 * Either a session shared with the transport (the worker) or the configuration of one the bot owns.
 * `alertmanager`: for !status, !silence and acknowledgements; ALERTMANAGER_URL when not given.
 * `commandLimiter`: commands per user (BOT_COMMANDS_PER_MINUTE when not given).
 */
export type MatrixBotOptions = { db: Db; alertmanager?: AlertmanagerApi | null; commandLimiter?: WindowLimiter } & (
  | { session: MatrixSessionSource }
  | MatrixSessionConfig
);
export type MatrixBot = { stop(): Promise<void> };
type BotContext = { db: Db; userId: string; alertmanager?: AlertmanagerApi | null; limiter: WindowLimiter };

const botLog = log.child({ component: "matrix-bot" });

/**
 * Starts the Matrix bot: joins the direct chats it is invited to (and nothing else) and answers commands, in plain and (when the session
 * has a password) end-to-end encrypted rooms. Resolves once the session has synced, so a wrong credential or an
 * unreachable homeserver fails here rather than silently.
 */
export async function startMatrixBot(options: MatrixBotOptions): Promise<MatrixBot> {
  const owned = "session" in options ? undefined : await startMatrixSession(options);
  const session = owned ?? (await (options as { session: MatrixSessionSource }).session.start());
  const { client } = session;
  const context: BotContext = {
    db: options.db,
    userId: session.userId,
    alertmanager: options.alertmanager,
    limiter: options.commandLimiter ?? commandLimiterFromEnv(),
  };

  const onMembership = (event: MatrixEvent, member: RoomMember) => {
    if (member.userId === context.userId && member.membership === "invite")
      return void answerInvite(client, member.roomId, event);
    // Any change of members (the bot's own join included) may have made a direct room a group.
    leaveIfGroup(client, client.getRoom(member.roomId));
  };
  const onTimeline = (event: MatrixEvent, room: Room | undefined, toStartOfTimeline: boolean | undefined) => {
    // Back-pagination brings old history; only events arriving through /sync are new to us.
    if (toStartOfTimeline || !room) return;
    const handle = () =>
      handleEvent(context, client, event, room).catch((error: unknown) =>
        botLog.error({ err: error, eventId: event.getId() }, "matrix event handling failed"),
      );
    if (!event.isEncrypted() || isDecrypted(event)) return void handle();
    // The room key may come after the message (to-device): the SDK decrypts again then and emits Decrypted.
    const onDecrypted = () => {
      if (event.isDecryptionFailure()) return;
      event.off(MatrixEventEvent.Decrypted, onDecrypted);
      void handle();
    };
    event.on(MatrixEventEvent.Decrypted, onDecrypted);
    void client.decryptEventIfNeeded(event);
  };
  client.on(RoomMemberEvent.Membership, onMembership);
  client.on(RoomEvent.Timeline, onTimeline);
  // What arrived while the bot was stopped came with the session's first sync, before these listeners: invites,
  // and commands sent meanwhile (claimChatEvent keeps the ones already answered from being answered again).
  for (const room of client.getRooms()) {
    if (room.getMyMembership() === "invite")
      void answerInvite(client, room.roomId, inviteEventOf(room, context.userId));
    leaveIfGroup(client, room);
    for (const event of room.getLiveTimeline().getEvents()) onTimeline(event, room, false);
  }
  botLog.info(
    { userId: context.userId, deviceId: session.deviceId, encrypted: session.encrypted },
    "matrix bot started",
  );
  return {
    stop: async () => {
      client.off(RoomMemberEvent.Membership, onMembership);
      client.off(RoomEvent.Timeline, onTimeline);
      await owned?.stop();
    },
  };
}

async function handleEvent(options: BotContext, client: MatrixClient, event: MatrixEvent, room: Room) {
  const eventId = event.getId();
  const sender = event.getSender();
  if (!eventId || !sender || sender === options.userId || isTooOldToAnswer(event.getTs())) return;
  const content = event.getContent();
  const alertmanager = options.alertmanager === undefined ? alertmanagerApiFromEnv() : options.alertmanager;
  if (event.getType() === EventType.Reaction) {
    const reactedTo = content["m.relates_to"]?.event_id;
    if (typeof reactedTo === "string")
      await acknowledge(options, client, { eventId, sender, room, answered: reactedTo, alertmanager });
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
  if (!(await claimChatEvent(options.db, eventId))) return;
  const gate = await gateCommand(options.db, options.limiter, {
    channelType: "matrix",
    userKey: sender,
    sender: async () => sender,
  });
  if (gate.kind === "silent") return;
  if (gate.kind === "slowDown")
    return void (await client.sendMessage(room.roomId, { msgtype: MsgType.Notice, body: gate.text }));

  const answer = await answerCommand(
    options.db,
    command,
    { sender, roomId: room.roomId, isDirect: isDirectRoom(room), channelType: "matrix" },
    { alertmanager },
  );
  await client.sendMessage(room.roomId, { msgtype: MsgType.Notice, body: answer });
}

/**
 * A reaction to (or an "ack" reply to) one of our alert messages, by the account of the channel it was sent to:
 * silences its alerts until they resolve. Reactions to anything else are ignored without a word.
 */
async function acknowledge(
  options: BotContext,
  client: MatrixClient,
  input: { eventId: string; sender: string; room: Room; answered: string; alertmanager: AlertmanagerApi | null },
) {
  const notification = await findNotificationToAcknowledge(options.db, {
    externalId: input.answered,
    roomId: input.room.roomId,
    sender: input.sender,
    channelType: "matrix",
  });
  if (!notification || !(await claimChatEvent(options.db, input.eventId))) return;
  const t = translatorFor(notification.locale, "bot");
  let answer: string;
  if (!input.alertmanager) answer = t("silence.unavailable");
  else {
    const count = await acknowledgeAlerts(
      options.db,
      input.alertmanager,
      notification.memberId,
      notification.alerts,
    ).catch((error: unknown) => (botLog.error({ err: error }, "acknowledgement failed"), null));
    if (count === null) answer = t("silence.unavailable");
    else answer = count > 0 ? t("silence.acknowledged", { count }) : t("silence.nothingToAcknowledge");
  }
  const reply = { "m.in_reply_to": { event_id: input.answered } };
  await client.sendMessage(input.room.roomId, { msgtype: MsgType.Notice, body: answer, "m.relates_to": reply });
}

function isDecrypted(event: MatrixEvent): boolean {
  return !event.isBeingDecrypted() && !event.isDecryptionFailure() && event.getClearContent() !== null;
}
