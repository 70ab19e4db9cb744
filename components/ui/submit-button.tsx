import type { ReactNode } from "react";

/** The primary button of a form; disabled while its action runs so a double click sends one request. */
export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60"
    >
      {children}
    </button>
  );
}
