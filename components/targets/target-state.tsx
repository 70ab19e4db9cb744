import { getTranslations } from "next-intl/server";
import type { GuardPauseReason } from "@/lib/db/schema";

const badgeStyle = {
  active: "bg-teal-100 text-teal-900",
  paused: "bg-slate-200 text-slate-800",
  guardPaused: "bg-red-100 text-red-900",
  pending: "bg-amber-100 text-amber-900",
  rejected: "bg-red-100 text-red-900",
} as const;

type StateOf = {
  status: "active" | "pending" | "rejected";
  paused: boolean;
  reviewNote: string | null;
  guardPauseReason: GuardPauseReason | null;
};

/**
 * The state a member sees: monitored, paused (by them, or for safety by the daily re-check, with why and what to
 * do), waiting for an admin, or refused with the admin's reason.
 */
export async function TargetState({ target }: { target: StateOf }) {
  const t = await getTranslations("ui.targets");
  const state =
    target.status === "active" && target.paused ? (target.guardPauseReason ? "guardPaused" : "paused") : target.status;
  return (
    <div className="space-y-1">
      <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${badgeStyle[state]}`} data-state={state}>
        {t(`state.${state}`)}
      </span>
      {state === "guardPaused" && target.guardPauseReason && (
        <p className="text-sm text-red-900">{t(`guardPaused.${target.guardPauseReason}`)}</p>
      )}
      {state === "rejected" && target.reviewNote && (
        <p className="text-sm text-red-900">{t("rejectedReason", { reason: target.reviewNote })}</p>
      )}
    </div>
  );
}
