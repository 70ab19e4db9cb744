"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { verifyGotifyCodeAction } from "@/lib/channels/actions";

type GotifyCodeFormProps = { channelId: string; address: string; minutes: number };

/** The member types back the code Vigie pushed to their Gotify app. */
export function GotifyCodeForm({ channelId, address, minutes }: GotifyCodeFormProps) {
  const t = useTranslations("ui.channels");
  const reasonText = useReasonText();
  const queryClient = useQueryClient();
  const [state, formAction, pending] = useActionState(
    async (previous: Awaited<ReturnType<typeof verifyGotifyCodeAction>> | null, form: FormData) => {
      const next = await verifyGotifyCodeAction(previous, form);
      await queryClient.invalidateQueries({ queryKey: ["channels"] });
      return next;
    },
    null,
  );

  if (state?.ok) {
    return (
      <p role="status" className="rounded border-2 border-teal-800 bg-teal-50 p-4 font-medium">
        {t("gotifyCode.verified")}
      </p>
    );
  }
  const error = state ? reasonText(state.reason, state.values) : undefined;
  return (
    <form
      action={formAction}
      noValidate
      className="space-y-3 rounded border-2 border-teal-800 bg-teal-50 p-4"
      aria-labelledby="gotify-code-title"
    >
      <h2 id="gotify-code-title" className="text-lg font-semibold">
        {t("gotifyCode.title")}
      </h2>
      <p>{t("gotifyCode.instructions", { address, minutes })}</p>
      <input type="hidden" name="channelId" value={channelId} />
      <Field name="code" label={t("gotifyCode.label")} hint={t("gotifyCode.hint")} error={error} required />
      <SubmitButton pending={pending}>{t("gotifyCode.submit")}</SubmitButton>
    </form>
  );
}
