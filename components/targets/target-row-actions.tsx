"use client";

import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import { Link } from "@/lib/i18n/navigation";
import { deleteTargetAction, setTargetPausedAction } from "@/lib/targets/actions";
import type { TargetView } from "./types";

const linkStyle = "text-sm underline focus-visible:outline-2 focus-visible:outline-offset-2";

type TargetRowActionsProps = {
  target: Pick<TargetView, "id" | "label" | "status" | "paused" | "guardPauseReason">;
  /** Refreshes the live list once an action went through (stable: RowActionForm calls it from an effect). */
  onDone: () => void;
};

/** Edit, pause/resume (approved targets only) and delete (behind a confirmation) for one of the member's targets. */
export function TargetRowActions({ target, onDone }: TargetRowActionsProps) {
  const t = useTranslations("ui.targets");
  // A request waiting for an admin, or refused, is not monitored: there is nothing to pause.
  const pausable = target.status === "active" && target.guardPauseReason === null;
  return (
    <div className="flex flex-wrap items-start gap-3 sm:justify-end">
      <Link
        href={`/targets/${target.id}/edit`}
        className={`${linkStyle} text-teal-900`}
        aria-label={`${t("edit")} ${target.label}`}
      >
        {t("edit")}
      </Link>
      {/* Paused for safety: only saving it again (the edit link) resumes it, after the guard's check. */}
      {pausable && (
        <RowActionForm action={setTargetPausedAction} onDone={onDone}>
          <input type="hidden" name="targetId" value={target.id} />
          <input type="hidden" name="paused" value={target.paused ? "false" : "true"} />
          <button
            type="submit"
            className={`${linkStyle} text-slate-800`}
            aria-label={`${target.paused ? t("resume") : t("pause")} ${target.label}`}
          >
            {target.paused ? t("resume") : t("pause")}
          </button>
        </RowActionForm>
      )}
      {/* A disclosure instead of a dialog: the confirmation works without JavaScript and keeps focus in place. */}
      <details className="sm:text-right">
        <summary className={`${linkStyle} cursor-pointer text-red-800`} aria-label={`${t("delete")} ${target.label}`}>
          {t("delete")}
        </summary>
        <RowActionForm
          action={deleteTargetAction}
          onDone={onDone}
          className="mt-2 space-y-2 rounded border border-red-200 bg-red-50 p-2 text-left"
        >
          <p className="text-sm">{t("deleteWarning")}</p>
          <input type="hidden" name="targetId" value={target.id} />
          <button
            type="submit"
            className="rounded bg-red-800 px-3 py-1 text-sm font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2"
          >
            {t("deleteConfirm", { label: target.label })}
          </button>
        </RowActionForm>
      </details>
    </div>
  );
}
