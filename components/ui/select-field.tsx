import { controlBorder, FieldFrame } from "./field-frame";

type SelectFieldProps = {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue: string;
  hint?: string;
  error?: string;
  /** For a choice that changes which other fields the form shows. */
  onChange?: (value: string) => void;
  /** Changing it remounts the select alone, so it takes `defaultValue` again (see use-form-choice). */
  controlKey?: number;
};

/** A labelled select whose hint and error are announced with it (aria-describedby). */
export function SelectField({
  name,
  label,
  options,
  defaultValue,
  hint,
  error,
  onChange,
  controlKey,
}: SelectFieldProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error}>
      {(control) => (
        <select
          key={controlKey}
          {...control}
          name={name}
          defaultValue={defaultValue}
          onChange={onChange ? (event) => onChange(event.target.value) : undefined}
          className={`w-full rounded border bg-white px-3 py-2 ${controlBorder(error)}`}
        >
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
