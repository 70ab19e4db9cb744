"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Address } from "@/components/ui/address";

type LinkTokenNoticeProps = {
  type: "matrix" | "mattermost";
  token: string;
  address: string;
  botUserId: string;
  minutes: number;
};

/** The `!link` command to send the bot; for Matrix, a matrix.to link opens the direct chat with it in one click. */
export function LinkTokenNotice({ type, token, address, botUserId, minutes }: LinkTokenNoticeProps) {
  const t = useTranslations("ui.channels");
  const [copied, setCopied] = useState(false);
  const command = `!link ${token}`;
  return (
    <section aria-labelledby="link-token-title" className="space-y-3 rounded border-2 border-teal-800 bg-teal-50 p-4">
      <h2 id="link-token-title" className="text-lg font-semibold">
        {t("tokenTitle")}
      </h2>
      <p>{t("tokenInstructions", { bot: botUserId, address })}</p>
      {type === "matrix" && botUserId && (
        <p>
          <a
            href={`https://matrix.to/#/${botUserId}`}
            target="_blank"
            rel="noopener noreferrer"
            className="font-medium underline"
            data-testid="matrix-to"
          >
            {t("openBotChat")}
          </a>{" "}
          (<Address value={botUserId} />)
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <code data-testid="link-command" className="address rounded bg-white px-3 py-2 font-mono">
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
