import { useFormatter, useTranslations } from "next-intl";
import type { GuardPauseReason } from "@/lib/db/schema";

export type GuardPausedTarget = {
  id: string;
  label: string;
  address: string;
  pausedAt: Date | null;
  reason: GuardPauseReason | null;
  memberId: string;
  memberName: string | null;
  memberEmail: string | null;
};

/** The targets the daily re-check paused, for admins: whose, which address, why and since when. */
export function GuardPausedList({ targets }: { targets: GuardPausedTarget[] }) {
  const t = useTranslations("ui.admin.requests");
  const format = useFormatter();
  return (
    <section aria-labelledby="guard-paused-title" className="space-y-3">
      <h2 id="guard-paused-title" className="text-xl font-semibold">
        {t("guardPaused.title")}
      </h2>
      <p>{t("guardPaused.intro")}</p>
      {targets.length === 0 ? (
        <p>{t("guardPaused.empty")}</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("guardPaused.columns.member")}
              </th>
              <th scope="col">{t("guardPaused.columns.label")}</th>
              <th scope="col">{t("guardPaused.columns.address")}</th>
              <th scope="col">{t("guardPaused.columns.reason")}</th>
              <th scope="col">{t("guardPaused.columns.pausedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id} className="border-b border-slate-200 align-top" data-guard-paused-id={target.id}>
                <td className="py-2">
                  <div className="font-medium">{target.memberName ?? t("unnamed", { id: target.memberId })}</div>
                  {target.memberEmail && <div className="break-all text-slate-700">{target.memberEmail}</div>}
                </td>
                <td>{target.label}</td>
                <td className="break-all font-mono">{target.address}</td>
                <td>{target.reason ? t(`guardPaused.reason.${target.reason}`) : ""}</td>
                <td className="whitespace-nowrap">
                  {target.pausedAt ? format.dateTime(target.pausedAt, { dateStyle: "short", timeStyle: "short" }) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
