import { randomUUID } from "node:crypto";
import { waitFor } from "@/lib/testing/wait-for";

/** Test helpers: a member's own Matrix client, as plain client-server API calls. */
export type MatrixTestUser = { userId: string; accessToken: string };

type TimelineEvent = {
  event_id: string;
  sender: string;
  type: string;
  content: { msgtype?: string; body?: string; "m.relates_to"?: { rel_type?: string; event_id?: string } };
};

/** One client-server API call made as `user`. */
export async function matrixRequest<T>(
  url: string,
  user: MatrixTestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/_matrix/client/v3${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Like Element's "start chat": an unencrypted direct room with the invited user. */
export async function createDirectRoom(url: string, user: MatrixTestUser, invitee: string): Promise<string> {
  const { room_id } = await matrixRequest<{ room_id: string }>(url, user, "POST", "/createRoom", {
    is_direct: true,
    preset: "trusted_private_chat",
    invite: [invitee],
  });
  return room_id;
}

export async function joinedMembers(url: string, user: MatrixTestUser, roomId: string): Promise<string[]> {
  const path = `/rooms/${encodeURIComponent(roomId)}/joined_members`;
  const { joined } = await matrixRequest<{ joined: Record<string, unknown> }>(url, user, "GET", path);
  return Object.keys(joined);
}

export async function sendText(url: string, user: MatrixTestUser, roomId: string, body: string): Promise<string> {
  const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${randomUUID()}`;
  const { event_id } = await matrixRequest<{ event_id: string }>(url, user, "PUT", path, { msgtype: "m.text", body });
  return event_id;
}

/** The room's latest messages, oldest first. */
export async function roomMessages(url: string, user: MatrixTestUser, roomId: string): Promise<TimelineEvent[]> {
  const path = `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=100`;
  const { chunk } = await matrixRequest<{ chunk: TimelineEvent[] }>(url, user, "GET", path);
  return chunk.filter((event) => event.type === "m.room.message").reverse();
}

/** Bodies of the notices `botId` posted in the room, oldest first. */
export async function botNotices(url: string, user: MatrixTestUser, roomId: string, botId: string): Promise<string[]> {
  const events = await roomMessages(url, user, roomId);
  return events.filter((event) => event.sender === botId).map((event) => event.content.body ?? "");
}

/** Sends a command and returns the bot's first answer after it. */
export async function sendAndAwaitReply(
  url: string,
  user: MatrixTestUser,
  roomId: string,
  botId: string,
  body: string,
): Promise<string> {
  const sentId = await sendText(url, user, roomId, body);
  return waitFor(`the bot's answer to ${body}`, async () => {
    const events = await roomMessages(url, user, roomId);
    const sentAt = events.findIndex((event) => event.event_id === sentId);
    if (sentAt < 0) return undefined;
    return events.slice(sentAt + 1).find((event) => event.sender === botId)?.content.body;
  });
}
