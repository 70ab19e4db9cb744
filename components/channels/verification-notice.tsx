"use client";

import { useTranslations } from "next-intl";
import type { VerificationStarted } from "@/lib/channels/start-verification";
import { GotifyCodeForm } from "./gotify-code-form";
import { LinkTokenNotice } from "./link-token-notice";

/** What the member does next to verify the channel they just added (or asked a new token, code or link for). */
export function VerificationNotice({ started }: { started: VerificationStarted }) {
  const t = useTranslations("ui.channels");
  if ("token" in started) {
    return (
      <LinkTokenNotice
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
