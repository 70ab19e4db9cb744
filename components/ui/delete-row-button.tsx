"use client";

import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/action-result";
import { RowActionForm } from "./row-action-form";

/**
 * A row's delete button: posts the row's id to its action; the list then loses the row, or the refusal is said
 * next to the button. `label` is the accessible name, which says what is deleted.
 */
export function DeleteRowButton<Result extends ActionResult<object, string, unknown>>({
  action,
  idField,
  id,
  label,
  children,
}: {
  action: (previous: Result | null, form: FormData) => Promise<Result>;
  idField: string;
  id: string;
  label: string;
  children: ReactNode;
}) {
  return (
    <RowActionForm action={action} className="space-y-1">
      {(pending) => (
        <>
          <input type="hidden" name={idField} value={id} />
          <button
            type="submit"
            disabled={pending}
            aria-label={label}
            className="rounded bg-red-800 px-3 py-1 font-medium text-white hover:bg-red-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
          >
            {children}
          </button>
        </>
      )}
    </RowActionForm>
  );
}
