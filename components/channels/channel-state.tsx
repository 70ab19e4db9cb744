"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { ChannelView } from "./types";

const dateStyle = { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Brussels" } as const;

/**
 * The state cell of a channel: verified since when; a disabled one says when and why in plain words, the
 * transport's own error text behind a disclosure, for when the member asks the admins for help.
 */
export function ChannelState({ channel }: { channel: ChannelView }) {
  const t = useTranslations("ui.channels");
  const format = useFormatter();
  if (channel.state === "verified") {
    return (
      <div className="text-sm">
        <span className="font-medium text-teal-900">{t("verified")}</span>
        {channel.verifiedAt && (
          <p className="text-slate-700">
            {t("verifiedOn", { date: format.dateTime(new Date(channel.verifiedAt), dateStyle) })}
          </p>
        )}
      </div>
    );
  }
  if (channel.state === "pending" || !channel.disabled) return <span className="text-amber-900">{t("pending")}</span>;
  const { at, kind, reason } = channel.disabled;
  return (
    <div className="space-y-1 py-2 text-sm">
      <span className="font-medium text-red-800">{t("disabled.state")}</span>
      <p>{t("disabled.since", { date: format.dateTime(new Date(at), dateStyle) })}</p>
      <p>
        {t(`disabled.reasons.${kind}`)} {t("disabled.relink")}
      </p>
      {reason && (
        <details>
          <summary className="cursor-pointer underline">{t("disabled.technical")}</summary>
          <code className="break-all">{reason}</code>
        </details>
      )}
    </div>
  );
}
