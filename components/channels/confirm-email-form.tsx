"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { confirmEmailAction, type ConfirmEmailState } from "@/lib/channels/actions";

export function ConfirmEmailForm({ token, channelsHref }: { token: string; channelsHref: string }) {
  const t = useTranslations("ui.channels.confirm");
  const [state, formAction, pending] = useActionState(confirmEmailAction, { status: "idle" } satisfies ConfirmEmailState);
  const message = state.status === "confirmed" ? t("success") : state.reason ? t(state.reason) : "";
  return (
    <div className="space-y-4">
      {state.status !== "confirmed" && (
        <form action={formAction}>
          <input type="hidden" name="token" value={token} />
          <button
            type="submit"
            disabled={pending}
            className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
          >
            {t("submit")}
          </button>
        </form>
      )}
      <p role="status" className={state.status === "failed" ? "font-medium text-red-800" : "font-medium text-teal-900"}>
        {message}
      </p>
      <a href={channelsHref} className="underline">
        {t("back")}
      </a>
    </div>
  );
}
