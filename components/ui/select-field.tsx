import { controlBorder, FieldFrame } from "./field-frame";

type SelectFieldProps = {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue: string;
  hint?: string;
  error?: string;
};

/** A labelled select whose hint and error are announced with it (aria-describedby). */
export function SelectField({ name, label, options, defaultValue, hint, error }: SelectFieldProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} name={name} defaultValue={defaultValue} className={`w-full rounded border bg-white px-3 py-2 ${controlBorder(error)}`}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
