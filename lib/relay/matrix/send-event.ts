import { MatrixError, MatrixEvent, Method, type Room } from "matrix-js-sdk";
import type { CryptoBackend } from "matrix-js-sdk/lib/common-crypto/CryptoBackend";
import type { MatrixApi, MatrixSession } from "./session";

/** Where encrypted sends get their (shared, started on first use) session from. */
export type MatrixSessionSource = { start(): Promise<MatrixSession> };

export type RoomEvent = { roomId: string; txnId: string; type: string; content: Record<string, unknown> };

/**
 * Sends one event with `PUT /rooms/{roomId}/send/{type}/{txnId}` and returns its id: encrypted with the session's
 * device when the session sees an `m.room.encryption` state in the room, as is otherwise (with `api`'s token).
 * The homeserver answers a repeated txnId from the same device with the first event: a retried send shows once.
 * Encryption is done here rather than with `MatrixClient.sendEvent`, whose local echo refuses a txnId it already
 * knows and whose scheduler would retry in memory behind the outbox's back.
 */
export async function sendRoomEvent(
  target: { api: MatrixApi; session?: MatrixSessionSource },
  event: RoomEvent,
): Promise<string> {
  if (target.session) {
    // Without a session (homeserver away at start, a data folder another worker holds), plain rooms still get
    // their alerts; only what the homeserver says is encrypted waits.
    const session = await target.session.start().catch(async (error: unknown) => {
      if (await isRoomEncrypted(target.api, event.roomId)) throw error;
      return undefined;
    });
    const room = session?.client.getRoom(event.roomId);
    if (session && room?.hasEncryptionStateEvent()) {
      const encrypted = await encryptRoomEvent(session, room, event);
      return putRoomEvent(session.api, { ...event, ...encrypted });
    }
  }
  return putRoomEvent(target.api, event);
}

export async function putRoomEvent(api: MatrixApi, event: RoomEvent): Promise<string> {
  const path = `/rooms/${encodeURIComponent(event.roomId)}/send/${encodeURIComponent(event.type)}/${encodeURIComponent(event.txnId)}`;
  const response = await api.authedRequest<{ event_id: string }>(Method.Put, path, undefined, event.content);
  return response.event_id;
}

async function isRoomEncrypted(api: MatrixApi, roomId: string): Promise<boolean> {
  try {
    await api.authedRequest(Method.Get, `/rooms/${encodeURIComponent(roomId)}/state/m.room.encryption/`);
    return true;
  } catch (error) {
    if (error instanceof MatrixError && error.httpStatus === 404) return false;
    throw error;
  }
}

/**
 * Megolm-encrypts the content for the room's members' devices, sharing the room key with them first when needed.
 * `encryptEvent` is the crypto backend's own (the one `sendEvent` calls); the public CryptoApi does not expose it.
 */
async function encryptRoomEvent(session: MatrixSession, room: Room, event: RoomEvent) {
  const crypto = session.client.getCrypto() as CryptoBackend | undefined;
  if (!crypto) throw new Error("matrix: the session has no end-to-end encryption");
  const local = new MatrixEvent({
    type: event.type,
    content: event.content,
    room_id: event.roomId,
    sender: session.userId,
    event_id: `~${event.roomId}:${event.txnId}`,
  });
  await crypto.encryptEvent(local, room);
  return { type: local.getWireType(), content: local.getWireContent() };
}
