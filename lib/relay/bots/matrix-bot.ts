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
import { answerCommand } from "./command-replies";
import { parseCommand } from "./commands";
import { matrixSdkLogger } from "./matrix-sdk-logger";

export type MatrixBotOptions = { db: Db; homeserverUrl: string; userId: string; accessToken: string };
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
  if (event.getType() !== EventType.RoomMessage || event.getSender() === options.userId) return;
  const content = event.getContent();
  // m.notice is what bots send: never answering it keeps two bots from talking to each other forever.
  if (content.msgtype !== MsgType.Text || typeof content.body !== "string") return;
  const command = parseCommand(content.body);
  const eventId = event.getId();
  const sender = event.getSender();
  if (!command || !eventId || !sender) return;
  if (!(await claimEvent(options.db, eventId))) return;

  const answer = await answerCommand(options.db, command, {
    sender,
    roomId: room.roomId,
    isDirect: room.getInvitedAndJoinedMemberCount() <= 2,
  });
  await client.sendMessage(room.roomId, { msgtype: MsgType.Notice, body: answer });
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
