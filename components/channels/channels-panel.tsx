"use client";

import { useActionState, useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { deleteChannelAction, linkMatrixAction, renewLinkTokenAction, type LinkFormState } from "@/lib/channels/actions";
import { Field } from "@/components/ui/field";
import { ChannelList } from "./channel-list";
import { LinkTokenNotice } from "./link-token-notice";
import type { ChannelView } from "./types";

const initialState: LinkFormState = { status: "idle", matrixId: "" };

export function ChannelsPanel({ initial, botUserId }: { initial: ChannelView[]; botUserId: string | null }) {
  const t = useTranslations("ui.channels");
  const tError = useTranslations("ui.errors");
  const queryClient = useQueryClient();
  const [formState, formAction, pending] = useActionState(async (previous: LinkFormState, form: FormData) => {
    const next = await linkMatrixAction(previous, form);
    await queryClient.invalidateQueries({ queryKey: ["channels"] });
    return next;
  }, initialState);
  const [renewed, setRenewed] = useState<LinkFormState | null>(null);
  const [, startTransition] = useTransition();
  const issued = renewed ?? (formState.status === "issued" ? formState : null);

  return (
    <div className="space-y-8">
      <ChannelList
        initial={initial}
        onRenew={(channelId) =>
          startTransition(async () => {
            setRenewed(await renewLinkTokenAction(channelId));
          })
        }
        onDelete={(channelId) =>
          startTransition(async () => {
            await deleteChannelAction(channelId);
            setRenewed(null);
            await queryClient.invalidateQueries({ queryKey: ["channels"] });
          })
        }
      />
      {issued?.token && botUserId && <LinkTokenNotice token={issued.token} address={issued.matrixId} botUserId={botUserId} minutes={issued.expiresInMinutes ?? 30} />}
      {botUserId === null ? (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 p-4">
          {t("botUnavailable")}
        </p>
      ) : (
        <form action={formAction} noValidate className="space-y-4 rounded border border-slate-200 bg-white p-4" aria-labelledby="link-matrix-title">
          <h2 id="link-matrix-title" className="text-xl font-semibold">
            {t("addTitle")}
          </h2>
          <Field
            name="matrixId"
            label={t("matrixId")}
            hint={t("matrixIdHint")}
            error={formState.status === "invalid" && formState.error ? tError(formState.error as never) : undefined}
            defaultValue={formState.matrixId}
            required
          />
          <button type="submit" disabled={pending} className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 disabled:opacity-60">
            {t("submit")}
          </button>
        </form>
      )}
    </div>
  );
}
