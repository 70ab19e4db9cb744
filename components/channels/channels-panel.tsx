"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useChangeAnnouncement } from "@/components/ui/use-change-announcement";
import { useReasonText } from "@/components/ui/use-reason-text";
import { deleteChannelAction, renewVerificationAction, setMinSeverityAction } from "@/lib/channels/actions";
import type { ChannelType } from "@/lib/channels/schema";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { sendTestMessageAction } from "@/lib/channels/test-message-actions";
import { AddChannelForm } from "./add-channel-form";
import { ChannelList } from "./channel-list";
import type { ChannelView } from "./types";
import { useChannels } from "./use-channels";
import { VerificationNotice } from "./verification-notice";

type ChannelsPanelProps = { initial: ChannelView[]; types: ChannelType[] };

const deliveryWord = (channel: ChannelView) => channel.lastDelivery?.state ?? "none";

/**
 * The live channels page: the list refreshes by itself (a link made in the chat, a test message delivered), the
 * verification box follows the channel it was issued for, and the add form is never re-mounted by a refresh.
 */
export function ChannelsPanel({ initial, types }: ChannelsPanelProps) {
  const t = useTranslations("ui.channels");
  const reasonText = useReasonText();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<VerificationStarted | null>(null);
  const [notice, setNotice] = useState<string>("");
  const [, startTransition] = useTransition();
  const channels = useChannels(initial, started?.channelId ?? null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["channels"] });
  const announcement = useChangeAnnouncement(channels, {
    key: (channel) => channel.id,
    state: (channel) => `${channel.state}|${deliveryWord(channel)}|${channel.lastDelivery?.at ?? ""}`,
    one: (channel) =>
      t("live.changed", {
        channel: t(`type.${channel.type}`),
        address: channel.address,
        state: t(`live.state.${channel.state}`),
        delivery: t(`live.delivery.${deliveryWord(channel)}`),
      }),
    several: (count) => t("live.several", { count }),
  });
  const startedChannel = started ? channels.find((channel) => channel.id === started.channelId) : undefined;

  return (
    <div className="space-y-8">
      <ChannelList
        channels={channels}
        onRenew={(channelId) =>
          startTransition(async () => {
            const result = await renewVerificationAction(channelId);
            setStarted(result.ok ? result.started : null);
            setNotice(result.ok ? "" : (reasonText(result.reason, result.values) ?? ""));
          })
        }
        onTest={(channel) =>
          startTransition(async () => {
            const result = await sendTestMessageAction(channel.id);
            setNotice(
              result.ok
                ? t("test.queued", { address: channel.address })
                : (reasonText(result.reason, result.values) ?? ""),
            );
            await refresh();
          })
        }
        onDelete={(channelId) =>
          startTransition(async () => {
            const result = await deleteChannelAction(channelId);
            if (started?.channelId === channelId) setStarted(null);
            setNotice(result.ok ? "" : (reasonText(result.reason) ?? ""));
            await refresh();
          })
        }
        onSeverity={(channelId, minSeverity) =>
          startTransition(async () => {
            const result = await setMinSeverityAction({ channelId, minSeverity });
            setNotice(result.ok ? t("severitySaved") : (reasonText(result.reason) ?? ""));
            await refresh();
          })
        }
      />
      <p role="status" className="text-sm text-teal-900" data-testid="channels-notice">
        {notice}
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {started && <VerificationNotice started={started} verified={startedChannel?.state === "verified"} />}
      {types.length === 0 ? (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 p-4">
          {t("noTypeAvailable")}
        </p>
      ) : (
        <AddChannelForm types={types} onStarted={setStarted} />
      )}
    </div>
  );
}
