import { useFormatter, useTranslations } from "next-intl";
import type { DashboardTarget, TargetState } from "@/lib/dashboard/load-dashboard";
import type { UptimeWindow } from "@/lib/dashboard/queries";

const stateStyles: Record<TargetState, string> = {
  up: "bg-teal-100 text-teal-900",
  down: "bg-red-100 text-red-900",
  unknown: "bg-slate-100 text-slate-800",
  paused: "bg-slate-100 text-slate-800",
  pending: "bg-amber-100 text-amber-900",
  rejected: "bg-red-50 text-red-900",
};

/** One row per target: the whole member's situation at a glance, as a real table for screen readers. */
export function DashboardTable({ targets }: { targets: DashboardTarget[] }) {
  const t = useTranslations("ui.dashboard");
  const format = useFormatter();
  const noData = (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{t("noData")}</span>
    </>
  );
  const uptime = (target: DashboardTarget, window: UptimeWindow) => {
    const value = target.uptime[window];
    return value === null ? noData : format.number(value, { style: "percent", maximumFractionDigits: 2 });
  };
  const certificate = (days: number | null) => {
    if (days === null) return noData;
    return days < 0 ? <span className="font-medium text-red-900">{t("certExpired")}</span> : t("certDays", { days });
  };

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
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
            <th scope="col">{t("columns.alerts")}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.id} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 font-medium">
                <a href={`#details-${target.id}`} className="underline">
                  {target.label}
                </a>
              </th>
              <td className="pr-3">
                <span className={`rounded px-2 py-0.5 ${stateStyles[target.state]}`}>{t(`state.${target.state}`)}</span>
                {target.redirectStatus !== null && (
                  <p className="mt-1 text-red-900">{t("redirect", { code: target.redirectStatus })}</p>
                )}
              </td>
              <td className="pr-3">{uptime(target, "24h")}</td>
              <td className="pr-3">{uptime(target, "7d")}</td>
              <td className="pr-3">{uptime(target, "30d")}</td>
              <td className="pr-3">
                {target.responseMs === null ? noData : t("responseMs", { ms: target.responseMs })}
              </td>
              <td className="pr-3">{certificate(target.certDaysLeft)}</td>
              <td>{t("alertsCount", { count: target.alerts.length })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
