import type { ChannelSummary, ChannelType, Severity } from "@/lib/channels/schema";

export type ChannelView = { id: string; type: ChannelType; address: string; verified: boolean; minSeverity: Severity };

/** What the browser may see of a channel: never its secret, never its conversation id. */
export function toChannelView(channel: ChannelSummary): ChannelView {
  return {
    id: channel.id,
    type: channel.type,
    address: channel.address,
    verified: channel.verifiedAt !== null,
    minSeverity: channel.minSeverity,
  };
}
