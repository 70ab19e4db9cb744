"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { confirmEmailAction, type ConfirmEmailState } from "@/lib/channels/actions";
import { SubmitButton } from "@/components/ui/submit-button";

export function ConfirmEmailForm({ token, channelsHref }: { token: string; channelsHref: string }) {
  const t = useTranslations("ui.channels.confirm");
  const [state, formAction, pending] = useActionState(confirmEmailAction, { status: "idle" } satisfies ConfirmEmailState);
  const message = state.status === "confirmed" ? t("success") : state.reason ? t(state.reason) : "";
  return (
    <div className="space-y-4">
      {state.status !== "confirmed" && (
        <form action={formAction}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pending={pending}>{t("submit")}</SubmitButton>
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
