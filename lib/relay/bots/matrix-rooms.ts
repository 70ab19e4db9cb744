import type { MatrixClient, MatrixEvent, Room } from "matrix-js-sdk";
import { log } from "@/lib/log";

const roomLog = log.child({ component: "matrix-bot" });

/**
 * Alerts and link tokens belong to one member: the bot only stays in direct conversations, the bot and one other
 * account. Commands are answered there only too (`!link` in a group would tie a channel to a room others read).
 */
export function isDirectRoom(room: Room): boolean {
  return room.getInvitedAndJoinedMemberCount() <= 2;
}

/**
 * Joins a room the inviter marked as a direct chat (`is_direct` on the invite, what Element's "start chat" sets);
 * declines every other invite. A direct invite to a room with others is left as soon as its members are known.
 */
export async function answerInvite(
  client: MatrixClient,
  roomId: string,
  invite: MatrixEvent | undefined,
): Promise<void> {
  if (invite?.getContent().is_direct !== true) return leave(client, roomId, "invite declined: not a direct chat");
  try {
    await client.joinRoom(roomId);
  } catch (error) {
    roomLog.warn({ err: error, roomId }, "could not join invited room");
  }
}

/** Leaves a joined room that is no longer a direct conversation (someone else was invited or joined). */
export function leaveIfGroup(client: MatrixClient, room: Room | null): void {
  if (room?.getMyMembership() === "join" && !isDirectRoom(room))
    void leave(client, room.roomId, "left: not a direct chat");
}

/** The invite event of a room the bot is invited to, as the first sync brought it. */
export function inviteEventOf(room: Room, userId: string): MatrixEvent | undefined {
  return room.getMember(userId)?.events.member ?? undefined;
}

async function leave(client: MatrixClient, roomId: string, reason: string): Promise<void> {
  try {
    await client.leave(roomId);
    roomLog.info({ roomId }, reason);
  } catch (error) {
    roomLog.warn({ err: error, roomId }, "could not leave room");
  }
}
