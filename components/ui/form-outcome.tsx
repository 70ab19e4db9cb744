"use client";

import type { ActionResult } from "@/lib/action-result";
import { useReasonText } from "./use-reason-text";

type AnyResult = ActionResult<object, string, unknown>;

/** What a form's last submission did, or why it was refused, announced to screen readers. */
export function FormOutcome<Result extends AnyResult>({
  state,
  doneText,
}: {
  state: Result | null;
  doneText: (done: Extract<Result, { ok: true }>) => string;
}) {
  const reasonText = useReasonText();
  if (state && !state.ok) {
    const refusal = state as Extract<AnyResult, { ok: false }>;
    return (
      <p role="alert" className="font-medium text-red-800">
        {reasonText(refusal.reason, refusal.values)}
      </p>
    );
  }
  return (
    <p role="status" className="font-medium text-teal-900">
      {state?.ok ? doneText(state as Extract<Result, { ok: true }>) : ""}
    </p>
  );
}
