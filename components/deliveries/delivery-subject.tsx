import { useTranslations } from "next-intl";
import type { FailedDelivery } from "@/lib/deliveries/schema";

type DeliverySubjectProps = Pick<FailedDelivery, "alerts" | "notice">;

/** What a failed notification was about: its alerts with their targets' labels, or the kind of notice. */
export function DeliverySubject({ alerts, notice }: DeliverySubjectProps) {
  const t = useTranslations("ui.admin.deliveries");
  if (notice) {
    const detail =
      notice.type === "channel_disabled" || notice.type === "channel_test"
        ? notice.address
        : notice.type === "target_guard_paused" || notice.type === "target_sent_to_review"
          ? notice.targetIds.join(", ")
          : notice.componentName;
    return <span>{t("notice", { type: notice.type, detail })}</span>;
  }
  return (
    <ul className="space-y-1">
      {alerts.map((alert, index) => (
        <li key={`${alert.alertname}-${index}`}>
          {t("alert", {
            alertname: alert.alertname,
            status: alert.status,
            target: alert.targetLabel ?? t("unknownTarget"),
          })}
        </li>
      ))}
    </ul>
  );
}
