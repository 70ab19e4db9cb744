export type ChannelView = { id: string; type: "matrix"; address: string; verified: boolean };
