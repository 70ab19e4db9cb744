"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { confirmEmailAction } from "@/lib/channels/actions";

export function ConfirmEmailForm({ token, channelsHref }: { token: string; channelsHref: string }) {
  const t = useTranslations("ui.channels.confirm");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(confirmEmailAction, null);
  const message = state?.ok ? t("success") : state ? reasonText(state.reason) : "";
  return (
    <div className="space-y-4">
      {!state?.ok && (
        <form action={formAction}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pending={pending}>{t("submit")}</SubmitButton>
        </form>
      )}
      <p role="status" className={state?.ok === false ? "font-medium text-red-800" : "font-medium text-teal-900"}>
        {message}
      </p>
      <a href={channelsHref} className="underline">
        {t("back")}
      </a>
    </div>
  );
}
