import {
  createDirectRoom,
  joinedMembers,
  type MatrixTestUser,
  roomMessages,
  sendText as sendAs,
} from "@/lib/testing/relay/matrix-user";

/** The member's side of Matrix in the e2e tests, on the homeserver the global setup started. */
export type MatrixUser = MatrixTestUser & { homeserverUrl: string };
/** `replaces`: for an edit (`m.replace`), the event it rewrites. */
export type RoomMessage = { eventId: string; sender: string; body: string; replaces?: string };

export const openDirectChat = (user: MatrixUser, botUserId: string) =>
  createDirectRoom(user.homeserverUrl, user, botUserId);

export async function sendText(user: MatrixUser, roomId: string, text: string): Promise<void> {
  await sendAs(user.homeserverUrl, user, roomId, text);
}

export async function readMessages(user: MatrixUser, roomId: string): Promise<RoomMessage[]> {
  const events = await roomMessages(user.homeserverUrl, user, roomId);
  return events
    .filter((event) => typeof event.content.body === "string")
    .map((event) => {
      const relation = event.content["m.relates_to"];
      return {
        eventId: event.event_id,
        sender: event.sender,
        body: event.content.body!,
        ...(relation?.rel_type === "m.replace" && relation.event_id ? { replaces: relation.event_id } : {}),
      };
    });
}

export async function waitForRoomMembership(user: MatrixUser, roomId: string, memberId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await joinedMembers(user.homeserverUrl, user, roomId)).includes(memberId)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${memberId} did not join ${roomId} within ${timeoutMs} ms`);
}
