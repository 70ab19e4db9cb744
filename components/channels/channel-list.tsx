"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { Severity } from "@/lib/channels/schema";
import { ChannelState } from "./channel-state";
import { SeveritySelect } from "./severity-select";
import type { ChannelView } from "./types";

async function fetchChannels(): Promise<ChannelView[]> {
  const response = await fetch("/api/channels", { cache: "no-store" });
  if (!response.ok) throw new Error(`channels_${response.status}`);
  return response.json();
}

type ChannelListProps = {
  initial: ChannelView[];
  /** The channel a token, code or link was just issued for: polled until verified, even while still disabled. */
  awaitingChannelId: string | null;
  onRenew: (channelId: string) => void;
  onDelete: (channelId: string) => void;
  onSeverity: (channelId: string, minSeverity: Severity) => void;
};

/**
 * Polls while a link is pending, so the member sees it verified as soon as the bot accepts the token; a disabled
 * channel alone does not keep the page polling.
 */
export function ChannelList({ initial, awaitingChannelId, onRenew, onDelete, onSeverity }: ChannelListProps) {
  const t = useTranslations("ui.channels");
  const { data: channels = initial } = useQuery({
    queryKey: ["channels"],
    queryFn: fetchChannels,
    initialData: initial,
    refetchInterval: (query) =>
      (query.state.data ?? []).some(
        (channel) => channel.state === "pending" || (channel.id === awaitingChannelId && channel.state !== "verified"),
      )
        ? 2000
        : false,
  });

  if (channels.length === 0) return <p>{t("empty")}</p>;
  return (
    <table className="w-full border-collapse text-left">
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2">
            {t("columns.type")}
          </th>
          <th scope="col">{t("columns.address")}</th>
          <th scope="col">{t("columns.state")}</th>
          <th scope="col">{t("columns.minSeverity")}</th>
          <th scope="col">
            <span className="sr-only">{t("columns.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => (
          <tr
            key={channel.id}
            className="border-b border-slate-200 align-top"
            data-channel={channel.address}
            data-state={channel.state}
          >
            <td className="py-2">{t(`type.${channel.type}`)}</td>
            <td className="break-all">{channel.address}</td>
            <td>
              <ChannelState channel={channel} />
            </td>
            <td>
              <SeveritySelect
                id={`severity-${channel.id}`}
                label={`${t("columns.minSeverity")} (${channel.address})`}
                hideLabel
                value={channel.minSeverity}
                onChange={(value) => onSeverity(channel.id, value)}
              />
            </td>
            <td className="space-x-3 text-right">
              {channel.state !== "verified" && (
                <button type="button" className="text-sm underline" onClick={() => onRenew(channel.id)}>
                  {t(`renew.${channel.type}`)}
                </button>
              )}
              <button type="button" className="text-sm text-red-800 underline" onClick={() => onDelete(channel.id)}>
                {t("delete")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
