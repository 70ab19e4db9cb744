"use client";

import { useTranslations } from "next-intl";
import { type DisplayState, displayStateOf, type TargetView } from "./types";

const badgeStyle: Record<DisplayState | "active", string> = {
  active: "bg-teal-100 text-teal-900",
  up: "bg-teal-100 text-teal-900",
  down: "bg-red-100 text-red-900",
  unknown: "bg-slate-200 text-slate-800",
  paused: "bg-slate-200 text-slate-800",
  guardPaused: "bg-red-100 text-red-900",
  pending: "bg-amber-100 text-amber-900",
  rejected: "bg-red-100 text-red-900",
};

type StateOf = Pick<TargetView, "status" | "paused" | "guardPauseReason" | "reviewNote"> & {
  /** Left out where no probe was read (the edit page): a running target then says only "monitored". */
  probe?: TargetView["probe"];
};

/**
 * The state a member sees: for a monitored target, what the last probe said (online, offline, or no result yet)
 * under "monitored"; otherwise paused (by them, or for safety by the daily re-check, with why and what to do),
 * waiting for an admin, or refused with the admin's reason.
 */
export function TargetState({ target }: { target: StateOf }) {
  const t = useTranslations("ui.targets");
  const running = target.status === "active" && !target.paused;
  const state: DisplayState | "active" =
    running && target.probe === undefined ? "active" : displayStateOf({ ...target, probe: target.probe ?? null });
  const probed = state === "up" || state === "down" || state === "unknown";
  return (
    <div className="space-y-1">
      <span className={`inline-block rounded px-2 py-0.5 text-sm font-medium ${badgeStyle[state]}`} data-state={state}>
        {probed ? t(`probe.${state}`) : t(`state.${state}`)}
      </span>
      {probed && <p className="text-sm text-slate-700">{t("state.active")}</p>}
      {state === "guardPaused" && target.guardPauseReason && (
        <p className="text-sm text-red-900">{t(`guardPaused.${target.guardPauseReason}`)}</p>
      )}
      {state === "rejected" && target.reviewNote && (
        <p className="text-sm text-red-900">{t("rejectedReason", { reason: target.reviewNote })}</p>
      )}
    </div>
  );
}
