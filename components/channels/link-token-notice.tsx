"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

type LinkTokenNoticeProps = { token: string; address: string; botUserId: string; minutes: number };

export function LinkTokenNotice({ token, address, botUserId, minutes }: LinkTokenNoticeProps) {
  const t = useTranslations("ui.channels");
  const [copied, setCopied] = useState(false);
  const command = `!link ${token}`;
  return (
    <section aria-labelledby="link-token-title" className="space-y-3 rounded border-2 border-teal-800 bg-teal-50 p-4">
      <h2 id="link-token-title" className="text-lg font-semibold">
        {t("tokenTitle")}
      </h2>
      <p>{t("tokenInstructions", { bot: botUserId, address })}</p>
      <div className="flex flex-wrap items-center gap-3">
        <code data-testid="link-command" className="break-all rounded bg-white px-3 py-2 font-mono">
          {command}
        </code>
        <button
          type="button"
          className="rounded border border-teal-800 px-3 py-1 text-sm"
          onClick={async () => {
            await navigator.clipboard.writeText(command);
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
      <p className="text-sm">{t("tokenOnce", { minutes })}</p>
    </section>
  );
}
