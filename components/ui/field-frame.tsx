import type { ReactNode } from "react";

export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

type FieldFrameProps = {
  name: string;
  /** The control's id, when the form is repeated on its page (one per table row): `name` otherwise. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  /** Renders the control with the id and ARIA attributes that tie it to its label, hint and error. */
  children: (control: ControlProps) => ReactNode;
};

/** Label, hint and error around one form control; the hint and the error are announced with the control. */
export function FieldFrame({ name, id = name, label, hint, error, children }: FieldFrameProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export function controlBorder(error?: string): string {
  return error ? "border-red-700" : "border-slate-400";
}
