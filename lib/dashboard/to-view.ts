import type { Locale } from "@/lib/i18n/config";
import { alertNameInWords } from "@/lib/relay/outbox/render-message";
import type { Dashboard } from "./load-dashboard";
import type { DashboardView } from "./view";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * The dashboard for the browser, in the page's language: each incident's cause in the plain words the alert
 * messages use (the bot's catalogue), never the rule's name.
 */
export function toDashboardView(dashboard: Dashboard, locale: Locale): DashboardView {
  return {
    generatedAt: dashboard.generatedAt.getTime(),
    metrics: dashboard.metrics,
    targets: dashboard.targets.map((target) => ({
      id: target.id,
      label: target.label,
      kind: target.kind,
      address: target.address,
      state: target.state,
      since: target.since ? seconds(target.since) : null,
      unknownReason: target.unknownReason,
      // VictoriaMetrics' float sums may land a hair past 1.
      uptime: {
        "24h": clamp(target.uptime["24h"]),
        "7d": clamp(target.uptime["7d"]),
        "30d": clamp(target.uptime["30d"]),
      },
      responseMs: target.responseMs,
      certDaysLeft: target.certDaysLeft,
      redirectStatus: target.redirectStatus,
      recent: target.recent,
      days: target.days.map((day) => ({ start: day.start, share: clamp(day.share) })),
      incidents: target.incidents.map((incident) => ({
        cause: alertNameInWords(locale, {
          alertname: incident.alertname,
          summary: incident.summary,
          statusCode: incident.statusCode ?? undefined,
          status: "firing",
          severity: null,
          targetId: target.id,
          instance: null,
          startsAt: incident.start.toISOString(),
        }),
        start: seconds(incident.start),
        end: incident.end ? seconds(incident.end) : null,
        undelivered: incident.undelivered,
      })),
    })),
  };
}

function clamp(value: number | null): number | null {
  return value === null ? null : Math.min(1, Math.max(0, value));
}
