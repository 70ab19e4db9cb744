"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { SeveritySelect } from "./severity-select";
import type { ChannelView } from "./types";
import type { Severity } from "@/lib/channels/schema";

async function fetchChannels(): Promise<ChannelView[]> {
  const response = await fetch("/api/channels", { cache: "no-store" });
  if (!response.ok) throw new Error(`channels_${response.status}`);
  return response.json();
}

type ChannelListProps = {
  initial: ChannelView[];
  onRenew: (channelId: string) => void;
  onDelete: (channelId: string) => void;
  onSeverity: (channelId: string, minSeverity: Severity) => void;
};

/** Polls while a link is pending, so the member sees it verified as soon as the bot accepts the token. */
export function ChannelList({ initial, onRenew, onDelete, onSeverity }: ChannelListProps) {
  const t = useTranslations("ui.channels");
  const { data: channels = initial } = useQuery({
    queryKey: ["channels"],
    queryFn: fetchChannels,
    initialData: initial,
    refetchInterval: (query) => ((query.state.data ?? []).some((channel) => !channel.verified) ? 2000 : false),
  });

  if (channels.length === 0) return <p>{t("empty")}</p>;
  return (
    <table className="w-full border-collapse text-left">
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2">{t("columns.type")}</th>
          <th scope="col">{t("columns.address")}</th>
          <th scope="col">{t("columns.state")}</th>
          <th scope="col">{t("columns.minSeverity")}</th>
          <th scope="col"><span className="sr-only">{t("columns.actions")}</span></th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => (
          <tr key={channel.id} className="border-b border-slate-200" data-channel={channel.address}>
            <td className="py-2">{t(`type.${channel.type}`)}</td>
            <td className="break-all">{channel.address}</td>
            <td>
              <span className={channel.verified ? "font-medium text-teal-900" : "text-amber-900"}>
                {channel.verified ? t("verified") : t("pending")}
              </span>
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
              {!channel.verified && (
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
