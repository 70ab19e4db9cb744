import type { CreateChannelResult } from "@/lib/channels/mutations";

/** The channel a test declared; a refusal (the quota) fails the test where it happened. */
export async function createdChannel(result: Promise<CreateChannelResult>): Promise<{ channelId: string; created: boolean }> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.reason);
  return settled;
}
