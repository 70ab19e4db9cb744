"use client";

import { useTranslations } from "next-intl";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { GotifyCodeForm } from "./gotify-code-form";
import { LinkTokenNotice } from "./link-token-notice";

type VerificationNoticeProps = {
  started: VerificationStarted;
  /** The channel it was issued for is verified now (by the bot, a code, a mailed link): the box says so and closes. */
  verified: boolean;
};

/** What the member does next to verify the channel they just added (or asked a new token, code or link for). */
export function VerificationNotice({ started, verified }: VerificationNoticeProps) {
  const t = useTranslations("ui.channels");
  // The Gotify form says it itself, where the member typed the code.
  if (verified && started.type !== "gotify") {
    return (
      <section
        aria-labelledby="verified-title"
        className="space-y-2 rounded border-2 border-teal-800 bg-teal-50 p-4"
        data-testid="verification-done"
      >
        <h2 id="verified-title" className="text-lg font-semibold">
          {t("linked.title")}
        </h2>
        <p>{t("linked.body", { address: started.address })}</p>
      </section>
    );
  }
  if ("token" in started) {
    return (
      <LinkTokenNotice
        type={started.type}
        token={started.token}
        address={started.address}
        botUserId={started.botAccount}
        minutes={started.expiresInMinutes}
      />
    );
  }
  if (started.type === "gotify") {
    return (
      <GotifyCodeForm
        key={started.channelId}
        channelId={started.channelId}
        address={started.address}
        minutes={started.expiresInMinutes}
      />
    );
  }
  return (
    <section aria-labelledby="email-sent-title" className="space-y-2 rounded border-2 border-teal-800 bg-teal-50 p-4">
      <h2 id="email-sent-title" className="text-lg font-semibold">
        {t("emailSent.title")}
      </h2>
      <p role="status">
        {t("emailSent.body", { address: started.address, hours: Math.round(started.expiresInMinutes / 60) })}
      </p>
    </section>
  );
}
