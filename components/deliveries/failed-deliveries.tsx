"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Address } from "@/components/ui/address";
import { RowActionForm } from "@/components/ui/row-action-form";
import { type DeliveryDone, handleFailedDeliveryAction } from "@/lib/deliveries/actions";
import type { FailedDelivery } from "@/lib/deliveries/schema";
import { DeliverySubject } from "./delivery-subject";

const buttonClass =
  "rounded px-3 py-1 font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60";

/** Dead-lettered notifications with retry (when the channel still works) and discard per row. */
export function FailedDeliveries({ deliveries, total }: { deliveries: FailedDelivery[]; total: number }) {
  const t = useTranslations("ui.admin.deliveries");
  const tChannels = useTranslations("ui.channels");
  const format = useFormatter();
  // The row leaves the list once retried or discarded: what was done is said above the table.
  const [done, setDone] = useState<DeliveryDone | null>(null);

  return (
    <section aria-labelledby="failed-deliveries-title" className="space-y-3">
      <h2 id="failed-deliveries-title" className="text-xl font-semibold">
        {t("listTitle")}
      </h2>
      <p role="status" className="font-medium text-teal-900">
        {done ? t(done.action) : ""}
      </p>
      {deliveries.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <>
          <p>{t("count", { shown: deliveries.length, total })}</p>
          <table className="stacked-table w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2">
                  {t("columns.when")}
                </th>
                <th scope="col">{t("columns.member")}</th>
                <th scope="col">{t("columns.channel")}</th>
                <th scope="col">{t("columns.about")}</th>
                <th scope="col">{t("columns.attempts")}</th>
                <th scope="col">{t("columns.lastError")}</th>
                <th scope="col">{t("columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => {
                return (
                  <tr
                    key={delivery.id}
                    className="border-b border-slate-200 align-top"
                    data-notification-id={delivery.id}
                  >
                    <td className="whitespace-nowrap py-2" data-label={t("columns.when")}>
                      {format.dateTime(delivery.createdAt, { dateStyle: "short", timeStyle: "short" })}
                    </td>
                    <td className="break-all" data-label={t("columns.member")}>
                      {delivery.memberName ?? delivery.memberId}
                    </td>
                    <td data-label={t("columns.channel")}>
                      <div>{tChannels(`type.${delivery.channelType}`)}</div>
                      <div className="text-slate-700">
                        <Address value={delivery.channelAddress} />
                      </div>
                      {!delivery.channelUsable && <div className="text-red-800">{t("channelUnusable")}</div>}
                    </td>
                    <td data-label={t("columns.about")}>
                      <DeliverySubject alerts={delivery.alerts} notice={delivery.notice} />
                    </td>
                    <td data-label={t("columns.attempts")}>{delivery.attempts}</td>
                    <td
                      className="break-all font-mono"
                      data-label={delivery.lastError ? t("columns.lastError") : undefined}
                    >
                      {delivery.lastError ?? ""}
                    </td>
                    <td className="py-2">
                      <RowActionForm action={handleFailedDeliveryAction} onDone={setDone}>
                        {(pending) => (
                          <div className="flex flex-wrap gap-2">
                            <input type="hidden" name="notificationId" value={delivery.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="retry"
                              disabled={pending || !delivery.channelUsable}
                              aria-label={t("retryLabel", { id: delivery.id })}
                              className={`${buttonClass} bg-teal-800 hover:bg-teal-900`}
                            >
                              {t("retry")}
                            </button>
                            <button
                              type="submit"
                              name="intent"
                              value="discard"
                              disabled={pending}
                              aria-label={t("discardLabel", { id: delivery.id })}
                              className={`${buttonClass} bg-red-800 hover:bg-red-900`}
                            >
                              {t("discard")}
                            </button>
                          </div>
                        )}
                      </RowActionForm>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
