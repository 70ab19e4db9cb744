import type { ChannelType } from "@/lib/channels/schema";

export type ChannelView = { id: string; type: ChannelType; address: string; verified: boolean };
