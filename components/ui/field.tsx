import { controlBorder, FieldFrame } from "./field-frame";

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  type?: string;
  required?: boolean;
};

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function Field({ name, label, hint, error, defaultValue, type = "text", required }: FieldProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={type}
          required={required}
          defaultValue={defaultValue}
          className={`w-full rounded border px-3 py-2 ${controlBorder(error)}`}
        />
      )}
    </FieldFrame>
  );
}
