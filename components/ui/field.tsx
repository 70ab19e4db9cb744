import { controlBorder, FieldFrame } from "./field-frame";

type FieldProps = {
  name: string;
  /** See FieldFrame: for a form repeated on its page. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
};

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function Field({
  name,
  id,
  label,
  hint,
  error,
  defaultValue,
  type = "text",
  required,
  autoComplete,
}: FieldProps) {
  return (
    <FieldFrame name={name} id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={type}
          required={required}
          autoComplete={autoComplete}
          defaultValue={defaultValue}
          className={`w-full rounded border px-3 py-2 ${controlBorder(error)}`}
        />
      )}
    </FieldFrame>
  );
}
