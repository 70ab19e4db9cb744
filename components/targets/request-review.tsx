"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { Address } from "@/components/ui/address";
import { useReasonText } from "@/components/ui/use-reason-text";
import { reviewRequestAction } from "@/lib/targets/review-actions";
import type { TargetKind } from "@/lib/targets/schema";

export type PendingRequest = {
  id: string;
  kind: TargetKind;
  label: string;
  address: string;
  /** Stands for the address in the form: approval holds only for what was seen. */
  addressVersion: string;
  createdAt: Date;
  memberId: string;
  memberName: string | null;
  memberEmail: string | null;
};

/** The pending requests with approve and reject (with a reason) per row; says what the last decision did. */
export function RequestReview({ requests }: { requests: PendingRequest[] }) {
  const t = useTranslations("ui.admin.requests");
  const tTargets = useTranslations("ui.targets");
  const format = useFormatter();
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(reviewRequestAction, null);

  return (
    <div className="space-y-4">
      <p role="status" className="font-medium text-teal-900">
        {state?.ok ? t(state.decision, { label: state.label }) : ""}
      </p>
      {requests.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="stacked-table w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("columns.member")}
              </th>
              <th scope="col">{t("columns.kind")}</th>
              <th scope="col">{t("columns.label")}</th>
              <th scope="col">{t("columns.address")}</th>
              <th scope="col">{t("columns.requestedAt")}</th>
              <th scope="col">{t("columns.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => {
              const failure = state && !state.ok && state.typed?.targetId === request.id ? state : null;
              const reasonId = `reason-${request.id}`;
              return (
                <tr key={request.id} className="border-b border-slate-200 align-top" data-request-id={request.id}>
                  <td className="py-2" data-label={t("columns.member")}>
                    <div className="font-medium">{request.memberName ?? t("unnamed", { id: request.memberId })}</div>
                    {request.memberEmail && (
                      <div className="text-slate-700">
                        <Address value={request.memberEmail} />
                      </div>
                    )}
                  </td>
                  <td data-label={t("columns.kind")}>{tTargets(`kind.${request.kind}`)}</td>
                  <td data-label={t("columns.label")}>{request.label}</td>
                  <td data-label={t("columns.address")} className="font-mono">
                    <Address value={request.address} />
                  </td>
                  <td data-label={t("columns.requestedAt")} className="whitespace-nowrap">
                    {format.dateTime(request.createdAt, { dateStyle: "short", timeStyle: "short" })}
                  </td>
                  <td className="py-2">
                    <form action={formAction} noValidate className="space-y-2">
                      <input type="hidden" name="targetId" value={request.id} />
                      <input type="hidden" name="addressVersion" value={request.addressVersion} />
                      <label htmlFor={reasonId} className="block font-medium">
                        {t("reason")}
                      </label>
                      <textarea
                        id={reasonId}
                        name="reason"
                        rows={2}
                        maxLength={600}
                        defaultValue={failure?.typed?.reasonText ?? ""}
                        aria-invalid={failure ? true : undefined}
                        aria-describedby={failure ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`}
                        className={`w-full rounded border px-2 py-1 ${failure ? "border-red-700" : "border-slate-400"}`}
                      />
                      <p id={`${reasonId}-hint`} className="text-slate-600">
                        {t("reasonHint")}
                      </p>
                      {failure && (
                        <p id={`${reasonId}-error`} className="font-medium text-red-800">
                          {reasonText(failure.reason, failure.values)}
                        </p>
                      )}
                      <div className="flex gap-2">
                        <button
                          type="submit"
                          name="decision"
                          value="approve"
                          disabled={pending}
                          aria-label={`${t("approve")} ${request.label}`}
                          className="rounded bg-teal-800 px-3 py-1 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
                        >
                          {t("approve")}
                        </button>
                        <button
                          type="submit"
                          name="decision"
                          value="reject"
                          disabled={pending}
                          aria-label={`${t("reject")} ${request.label}`}
                          className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
                        >
                          {t("reject")}
                        </button>
                      </div>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
