"use client";

import { type ReactNode, useActionState, useEffect } from "react";
import type { ActionResult } from "@/lib/action-result";
import { useReasonText } from "./use-reason-text";

type AnyResult = ActionResult<object, string, unknown>;
type Done<Result> = Extract<Result, { ok: true }>;

/**
 * The one way to write a row's form (pause, delete, expire, retry…): the row's hidden inputs and buttons post to a
 * server action of `lib/*\/actions.ts`, the action revalidates the page so the row itself shows what changed, and
 * a refusal is said next to the row's buttons, in the member's language. `children` may take the pending flag to
 * disable its buttons while the action runs. `onDone` is for a status line outside the row (the row often leaves
 * the list on success, taking its own state with it).
 */
export function RowActionForm<Result extends AnyResult>({
  action,
  children,
  className,
  onDone,
}: {
  action: (previous: Result | null, form: FormData) => Promise<Result>;
  children: ReactNode | ((pending: boolean) => ReactNode);
  className?: string;
  onDone?: (result: Done<Result>) => void;
}) {
  const reasonText = useReasonText();
  // The server action itself, not a client wrapper around it: the form then works before hydration too.
  const [state, formAction, pending] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) onDone?.(state as Done<Result>);
  }, [state, onDone]);
  const refusal = state && !state.ok ? (state as Extract<AnyResult, { ok: false }>) : null;
  return (
    <form action={formAction} className={className}>
      {typeof children === "function" ? children(pending) : children}
      {refusal && (
        <p role="alert" className="mt-1 text-sm font-medium text-red-800">
          {reasonText(refusal.reason, refusal.values)}
        </p>
      )}
    </form>
  );
}
