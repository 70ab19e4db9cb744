import {
  ClientEvent,
  createClient,
  EventType,
  type MatrixClient,
  type MatrixEvent,
  Preset,
  SyncState,
} from "matrix-js-sdk";
import { log } from "@/lib/log";
import { matrixSdkLogger } from "@/lib/relay/matrix/sdk-logger";
import { waitFor } from "@/lib/testing/wait-for";

/**
 * Test helper: a member's own end-to-end encrypting client (what Element does), a plain matrix-js-sdk client with
 * Rust crypto in memory, logged in as a new device. Kept apart from the bot's session code on purpose.
 */
export type EncryptingMember = {
  client: MatrixClient;
  userId: string;
  /** Like Element's "start chat": a direct room, encrypted from its creation, with `invitee` invited. */
  createEncryptedDirectRoom(invitee: string): Promise<string>;
  sendText(roomId: string, body: string): Promise<string>;
  /** The first event after `afterEventId` (or any, when omitted) that `sender` sent and this client decrypted. */
  awaitMessageFrom(roomId: string, sender: string, afterEventId?: string): Promise<MatrixEvent>;
  /** Device ids the client knows for `userId`, fetched from the homeserver when outdated. */
  deviceIdsOf(userId: string): Promise<string[]>;
  stop(): Promise<void>;
};

export async function startEncryptingMember(
  homeserverUrl: string,
  userId: string,
  password: string,
): Promise<EncryptingMember> {
  const logger = matrixSdkLogger(log.child({ component: "test-member", userId }));
  const login = await createClient({ baseUrl: homeserverUrl, logger }).loginRequest({
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
  });
  const client = createClient({
    baseUrl: homeserverUrl,
    userId,
    accessToken: login.access_token,
    deviceId: login.device_id,
    logger,
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const synced = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state: SyncState) => state === SyncState.Prepared && resolve());
  });
  await client.startClient({ initialSyncLimit: 20 });
  await synced;

  const roomEvents = (roomId: string) => client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  return {
    client,
    userId,
    async createEncryptedDirectRoom(invitee) {
      const { room_id: roomId } = await client.createRoom({
        is_direct: true,
        preset: Preset.TrustedPrivateChat,
        invite: [invitee],
        initial_state: [
          { type: EventType.RoomEncryption, state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
        ],
      });
      await waitFor(
        "the room in the member's sync",
        () => client.getRoom(roomId)?.hasEncryptionStateEvent() || undefined,
      );
      return roomId;
    },
    async sendText(roomId, body) {
      return (await client.sendTextMessage(roomId, body)).event_id;
    },
    awaitMessageFrom(roomId, sender, afterEventId) {
      return waitFor(`a decrypted message from ${sender}`, () => {
        const events = roomEvents(roomId);
        const start = afterEventId ? events.findIndex((event) => event.getId() === afterEventId) : -1;
        if (afterEventId && start < 0) return undefined;
        return events
          .slice(start + 1)
          .find(
            (event) =>
              event.getSender() === sender && event.getType() === EventType.RoomMessage && !event.isDecryptionFailure(),
          );
      });
    },
    async deviceIdsOf(otherUserId) {
      const devices = await client.getCrypto()!.getUserDeviceInfo([otherUserId], true);
      return [...(devices.get(otherUserId)?.keys() ?? [])];
    },
    async stop() {
      client.stopClient();
      await client.logout().catch(() => undefined);
    },
  };
}
