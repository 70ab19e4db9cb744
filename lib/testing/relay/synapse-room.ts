import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SynapseServer, startSynapse } from "@/scripts/synapse/start-synapse";
import { type MatrixTestUser, matrixRequest } from "./matrix-user";

export type SynapseWithRoom = {
  synapse: SynapseServer;
  bot: MatrixTestUser;
  member: MatrixTestUser;
  /** A direct room between the member and the bot, both joined. */
  roomId: string;
  stop(): Promise<void>;
};

/** A throwaway Synapse (SYNAPSE_PYTHON names its interpreter) with a bot, a member and their direct room. */
export async function startSynapseWithDirectRoom(name: string): Promise<SynapseWithRoom> {
  const workDir = mkdtempSync(path.join(tmpdir(), `vigie-${name}-synapse-`));
  const synapse = await startSynapse({ workDir });
  const bot = await synapse.registerUser("vigie-bot", "bot-password-123");
  const member = await synapse.registerUser("alice", "alice-password-123");
  const { room_id: roomId } = await matrixRequest<{ room_id: string }>(synapse.url, member, "POST", "/createRoom", {
    preset: "trusted_private_chat",
    is_direct: true,
    invite: [bot.userId],
  });
  await matrixRequest(synapse.url, bot, "POST", `/join/${encodeURIComponent(roomId)}`, {});
  return {
    synapse,
    bot,
    member,
    roomId,
    stop: async () => {
      await synapse.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
