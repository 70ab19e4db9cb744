import { useFormatter, useTranslations } from "next-intl";
import type { DashboardTarget } from "@/lib/dashboard/load-dashboard";
import { TargetDetails } from "./target-details";

/** Per target: the response time chart (with its text summary) and the alerts it received recently. */
export function TargetPanels({ targets }: { targets: DashboardTarget[] }) {
  const t = useTranslations("ui.dashboard");
  const format = useFormatter();

  const chartSummary = (target: DashboardTarget) => {
    const values = target.history.map((point) => point.value);
    if (values.length === 0) return t("chart.empty");
    const average = Math.round(values.reduce((sum, value) => sum + value, 0) / values.length);
    return t("chart.summary", { min: Math.min(...values), avg: average, max: Math.max(...values) });
  };

  return (
    <ul className="space-y-2">
      {targets.map((target) => (
        <li key={target.id} id={`details-${target.id}`}>
          <TargetDetails
            title={target.label}
            points={target.history}
            seriesLabel={t("chart.series")}
            chartSummary={chartSummary(target)}
          >
            <h3 className="font-medium">{t("alerts.title")}</h3>
            {target.alerts.length === 0 ? (
              <p className="text-sm">{t("alerts.none")}</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {target.alerts.map((alert) => (
                  <li key={`${alert.alertname}-${alert.status}-${alert.receivedAt.toISOString()}`}>
                    {t("alerts.item", {
                      alertname: alert.alertname,
                      status: alert.status,
                      when: format.dateTime(alert.receivedAt, {
                        dateStyle: "medium",
                        timeStyle: "short",
                        timeZone: "Europe/Brussels",
                      }),
                    })}
                    {alert.undelivered && <strong className="text-red-800"> ({t("channelHealth.undelivered")})</strong>}
                  </li>
                ))}
              </ul>
            )}
          </TargetDetails>
        </li>
      ))}
    </ul>
  );
}
