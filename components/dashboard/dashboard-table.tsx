"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { MouseEvent } from "react";
import { Address } from "@/components/ui/address";
import type { UptimeWindow } from "@/lib/dashboard/queries";
import type { DashboardTargetView } from "@/lib/dashboard/view";
import { CertificateDays, StateBadge } from "./state-badge";
import { openTargetDetails } from "./target-details";

/**
 * One row per target: the whole member's situation at a glance, as a real table for screen readers and one card
 * per target on a phone (`stacked-table`).
 */
export function DashboardTable({ targets }: { targets: DashboardTargetView[] }) {
  const t = useTranslations("ui.dashboard");
  const format = useFormatter();
  const noData = (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{t("noData")}</span>
    </>
  );
  const uptime = (target: DashboardTargetView, window: UptimeWindow) => {
    const value = target.uptime[window];
    return value === null ? noData : format.number(value, { style: "percent", maximumFractionDigits: 2 });
  };
  const open = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    event.preventDefault();
    openTargetDetails(id);
  };

  return (
    <table className="stacked-table w-full border-collapse text-left text-sm">
      <caption className="sr-only">{t("tableCaption")}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2 pr-3">
            {t("columns.target")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.state")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.uptime24h")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.uptime7d")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.uptime30d")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.response")}
          </th>
          <th scope="col" className="pr-3">
            {t("columns.certificate")}
          </th>
          <th scope="col">{t("columns.incidents")}</th>
        </tr>
      </thead>
      <tbody>
        {targets.map((target) => (
          <tr key={target.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-2 pr-3 font-medium">
              <a href={`#details-${target.id}`} className="underline" onClick={(event) => open(event, target.id)}>
                {target.label}
              </a>
              <span className="block text-xs font-normal text-slate-700">
                <Address value={target.address} />
              </span>
            </th>
            <td className="py-2 pr-3" data-label={t("columns.state")}>
              <StateBadge target={target} />
            </td>
            <td className="pr-3" data-label={t("columns.uptime24h")}>
              {uptime(target, "24h")}
            </td>
            <td className="pr-3" data-label={t("columns.uptime7d")}>
              {uptime(target, "7d")}
            </td>
            <td className="pr-3" data-label={t("columns.uptime30d")}>
              {uptime(target, "30d")}
            </td>
            <td className="pr-3" data-label={t("columns.response")}>
              {target.responseMs === null ? noData : t("responseMs", { ms: target.responseMs })}
            </td>
            <td className="pr-3" data-label={t("columns.certificate")}>
              {target.certDaysLeft === null ? noData : <CertificateDays days={target.certDaysLeft} />}
            </td>
            <td data-label={t("columns.incidents")}>{t("incidentsCount", { count: target.incidents.length })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
