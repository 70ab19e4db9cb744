import { useFormatter, useTranslations } from "next-intl";

type OutboxHealthProps = { pending: number; dead: number; oldestPendingAt: Date | null; now: Date };

/** The outbox at a glance: a growing queue or an old waiting row means the worker is stuck or a server is down. */
export function OutboxHealth({ pending, dead, oldestPendingAt, now }: OutboxHealthProps) {
  const t = useTranslations("ui.admin.deliveries.health");
  const format = useFormatter();
  return (
    <section aria-labelledby="outbox-health-title" className="space-y-2">
      <h2 id="outbox-health-title" className="text-xl font-semibold">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-medium">{t("pending")}</dt>
        <dd>{format.number(pending)}</dd>
        <dt className="font-medium">{t("dead")}</dt>
        <dd>{format.number(dead)}</dd>
        <dt className="font-medium">{t("oldestPending")}</dt>
        <dd>{oldestPendingAt ? format.relativeTime(oldestPendingAt, now) : t("none")}</dd>
      </dl>
    </section>
  );
}
