"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useReasonText } from "@/components/ui/use-reason-text";
import { deleteChannelAction, renewVerificationAction, setMinSeverityAction } from "@/lib/channels/actions";
import type { ChannelType } from "@/lib/channels/schema";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { AddChannelForm } from "./add-channel-form";
import { ChannelList } from "./channel-list";
import type { ChannelView } from "./types";
import { VerificationNotice } from "./verification-notice";

type ChannelsPanelProps = { initial: ChannelView[]; types: ChannelType[] };

export function ChannelsPanel({ initial, types }: ChannelsPanelProps) {
  const t = useTranslations("ui.channels");
  const reasonText = useReasonText();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<VerificationStarted | null>(null);
  const [notice, setNotice] = useState<string>("");
  const [, startTransition] = useTransition();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["channels"] });

  return (
    <div className="space-y-8">
      <ChannelList
        initial={initial}
        awaitingChannelId={started?.channelId ?? null}
        onRenew={(channelId) =>
          startTransition(async () => {
            const result = await renewVerificationAction(channelId);
            setStarted(result.ok ? result.started : null);
            setNotice(result.ok ? "" : (reasonText(result.reason, result.values) ?? ""));
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
      <p role="status" className="text-sm text-teal-900">
        {notice}
      </p>
      {started && <VerificationNotice started={started} />}
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
