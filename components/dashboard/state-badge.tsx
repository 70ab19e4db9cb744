"use client";

import { useTranslations } from "next-intl";
import type { DashboardTargetView, TargetStateView } from "@/lib/dashboard/view";
import { certLevel } from "./levels";
import { useDashboardFormat } from "./use-dashboard-format";

const stateStyles: Record<TargetStateView, string> = {
  up: "bg-teal-100 text-teal-900",
  down: "bg-red-100 text-red-900",
  unknown: "bg-slate-100 text-slate-800",
  paused: "bg-slate-100 text-slate-800",
  pending: "bg-amber-100 text-amber-900",
  rejected: "bg-red-50 text-red-900",
};

/** The state, since when it holds (or why it is unknown), and a redirect a down brick answered with. */
export function StateBadge({ target }: { target: DashboardTargetView }) {
  const t = useTranslations("ui.dashboard");
  const format = useDashboardFormat();
  const probed = target.state === "up" || target.state === "down";
  return (
    <>
      <span className={`rounded px-2 py-0.5 whitespace-nowrap ${stateStyles[target.state]}`}>
        {target.state === "down" && <span aria-hidden="true">✕ </span>}
        {t(`state.${target.state}`)}
      </span>
      {probed && (
        <span className="ml-1 text-slate-700">
          {target.since === null ? t("sinceLong") : t("since", { when: format.dateTime(target.since) })}
        </span>
      )}
      {target.unknownReason !== null && (
        <span className="mt-1 block text-slate-700">{t(`unknownReason.${target.unknownReason}`)}</span>
      )}
      {target.redirectStatus !== null && (
        <span className="mt-1 block text-red-900">{t("redirect", { code: target.redirectStatus })}</span>
      )}
    </>
  );
}

const certStyles = {
  ok: "",
  low: "rounded bg-amber-100 px-1 text-amber-900",
  critical: "rounded bg-red-100 px-1 font-medium text-red-900",
  expired: "rounded bg-red-100 px-1 font-medium text-red-900",
};

/** Days left on the certificate, amber under 14 days and red under 3, with words saying so beside the colour. */
export function CertificateDays({ days }: { days: number }) {
  const t = useTranslations("ui.dashboard");
  const level = certLevel(days);
  if (level === "expired") return <span className={certStyles.expired}>{t("certExpired")}</span>;
  return (
    <span className={certStyles[level]} data-level={level}>
      {t("certDays", { days })}
      {level !== "ok" && ` — ${t("certRenew")}`}
    </span>
  );
}
