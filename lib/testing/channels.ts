import { type CreateChannelResult, createChannel } from "@/lib/channels/mutations";
import type { MatrixId } from "@/lib/channels/schema";
import type { Db } from "@/lib/db/client";

/** The channel a test declared; a refusal (the quota) fails the test where it happened. */
export async function createdChannel(
  result: Promise<CreateChannelResult>,
): Promise<{ channelId: string; created: boolean }> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.reason);
  return settled;
}

/** Declares a Matrix account as the member's channel; declaring the same account again returns the same id. */
export async function createMatrixChannel(
  db: Db,
  memberId: string,
  matrixId: MatrixId,
  maxChannels: number,
): Promise<string> {
  const result = await createChannel(db, memberId, { type: "matrix", matrixId, minSeverity: "info" }, { maxChannels });
  if (!result.ok) throw new Error(result.reason);
  return result.channelId;
}
