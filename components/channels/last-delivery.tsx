"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { ChannelView } from "./types";

const dateStyle = { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Brussels" } as const;

/** The channel's newest message and how it went: delivered, failed with the transport's reason, or waiting. */
export function LastDelivery({ delivery }: { delivery: ChannelView["lastDelivery"] }) {
  const t = useTranslations("ui.channels.lastDelivery");
  const format = useFormatter();
  if (!delivery) return <span className="text-sm text-slate-700">{t("none")}</span>;
  const date = format.dateTime(new Date(delivery.at), dateStyle);
  if (delivery.state === "sent") {
    return (
      <span className="text-sm text-teal-900" data-delivery="sent">
        {t("sent", { date })}
      </span>
    );
  }
  const failed = delivery.state === "dead";
  return (
    <div className="space-y-1 text-sm" data-delivery={failed ? "failed" : "pending"}>
      <span className={failed ? "font-medium text-red-800" : "text-amber-900"}>
        {t(failed ? "failed" : "pending", { date })}
      </span>
      {delivery.error && (
        <p>
          {t(failed ? "reason" : "retrying")} <code className="address">{delivery.error}</code>
        </p>
      )}
    </div>
  );
}
