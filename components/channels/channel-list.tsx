"use client";

import { useTranslations } from "next-intl";
import { Address } from "@/components/ui/address";
import type { Severity } from "@/lib/channels/schema";
import { ChannelState } from "./channel-state";
import { LastDelivery } from "./last-delivery";
import { SeveritySelect } from "./severity-select";
import type { ChannelView } from "./types";

type ChannelListProps = {
  channels: ChannelView[];
  onRenew: (channelId: string) => void;
  onTest: (channel: ChannelView) => void;
  onDelete: (channelId: string) => void;
  onSeverity: (channelId: string, minSeverity: Severity) => void;
};

const buttonStyle = "text-sm underline focus-visible:outline-2 focus-visible:outline-offset-2";

/** The member's channels; a card per channel on a phone (`stacked-table`). */
export function ChannelList({ channels, onRenew, onTest, onDelete, onSeverity }: ChannelListProps) {
  const t = useTranslations("ui.channels");
  if (channels.length === 0) return <p>{t("empty")}</p>;
  return (
    <table className="stacked-table w-full border-collapse text-left">
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2">
            {t("columns.type")}
          </th>
          <th scope="col">{t("columns.address")}</th>
          <th scope="col">{t("columns.state")}</th>
          <th scope="col">{t("columns.lastDelivery")}</th>
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
            <td className="py-2 font-medium">{t(`type.${channel.type}`)}</td>
            <td className="py-2 pr-2" data-label={t("columns.address")}>
              <Address value={channel.address} />
            </td>
            <td className="py-2 pr-2" data-label={t("columns.state")}>
              <ChannelState channel={channel} />
            </td>
            <td className="py-2 pr-2" data-label={t("columns.lastDelivery")}>
              <LastDelivery delivery={channel.lastDelivery} />
            </td>
            <td className="py-2 pr-2" data-label={t("columns.minSeverity")}>
              <SeveritySelect
                id={`severity-${channel.id}`}
                label={`${t("columns.minSeverity")} (${channel.address})`}
                hideLabel
                value={channel.minSeverity}
                onChange={(value) => onSeverity(channel.id, value)}
              />
            </td>
            <td className="py-2">
              <div className="flex flex-wrap gap-x-3 gap-y-1 sm:justify-end">
                {channel.state === "verified" ? (
                  <button
                    type="button"
                    className={`${buttonStyle} text-teal-900`}
                    aria-label={`${t("test.button")} (${channel.address})`}
                    onClick={() => onTest(channel)}
                  >
                    {t("test.button")}
                  </button>
                ) : (
                  <button type="button" className={buttonStyle} onClick={() => onRenew(channel.id)}>
                    {t(`renew.${channel.type}`)}
                  </button>
                )}
                <button
                  type="button"
                  className={`${buttonStyle} text-red-800`}
                  aria-label={`${t("delete")} (${channel.address})`}
                  onClick={() => onDelete(channel.id)}
                >
                  {t("delete")}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
