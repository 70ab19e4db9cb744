"use client";

import { useQuery } from "@tanstack/react-query";
import { type ChannelView, channelViewsSchema } from "./types";

async function fetchChannels(): Promise<ChannelView[]> {
  const response = await fetch("/api/channels", { cache: "no-store" });
  if (!response.ok) throw new Error(`channels_${response.status}`);
  // Checked, not trusted: a stale tab after a deploy must fail loudly rather than render half a row.
  return channelViewsSchema.parse(await response.json());
}

/**
 * The member's channels, refreshed every 5 s while the tab is visible (TanStack Query pauses interval refetches
 * in a hidden tab), every 2 s while a link the member just asked for is not made yet: the bot's answer in the
 * chat and the box on the page then change together.
 */
export function useChannels(initial: ChannelView[], awaitingChannelId: string | null) {
  const { data } = useQuery({
    queryKey: ["channels"],
    queryFn: fetchChannels,
    initialData: initial,
    refetchInterval: (query) =>
      (query.state.data ?? []).some((channel) => channel.id === awaitingChannelId && channel.state !== "verified")
        ? 2_000
        : 5_000,
  });
  return data;
}
