import type { NotificationAlert } from "@/lib/db/schema";

/** The worst group a hub can post: 500 alerts with long names, long summaries and labels full of HTML specials. */
export function hugeGroup(): { alerts: NotificationAlert[]; targetLabels: Map<string, string> } {
  const alerts = Array.from(
    { length: 500 },
    (_, index): NotificationAlert => ({
      severity: "critical",
      instance: "https://brick.example.org/",
      startsAt: "2026-11-26T23:49:48.97Z",
      alertname: `Custom<"&'>Alert${index}`.padEnd(300, "<"),
      status: index % 3 === 0 ? "resolved" : "firing",
      targetId: `t_${index}`,
      summary: `"<&>' é🔴`.repeat(2000),
    }),
  );
  return {
    alerts,
    targetLabels: new Map(alerts.map((alert, index) => [alert.targetId!, `Brique <"${index}"> `.padEnd(300, "&é")])),
  };
}
