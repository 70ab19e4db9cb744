"use client";

import { useTranslations } from "next-intl";
import type { Severity } from "@/lib/channels/schema";

const choices: Severity[] = ["info", "warning", "critical"];

type SeveritySelectProps = {
  id: string;
  name?: string;
  label: string;
  /** The visible label is elsewhere (a table header): keep it for screen readers only. */
  hideLabel?: boolean;
  hint?: string;
  value?: Severity;
  defaultValue?: string;
  onChange?: (value: Severity) => void;
};

/** The minimum severity a channel receives, as a labelled select. */
export function SeveritySelect({
  id,
  name,
  label,
  hideLabel,
  hint,
  value,
  defaultValue,
  onChange,
}: SeveritySelectProps) {
  const t = useTranslations("ui.channels.severity");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block font-medium"}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        {...(value ? { value } : { defaultValue })}
        onChange={onChange ? (event) => onChange(event.target.value as Severity) : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="rounded border border-slate-400 bg-white px-3 py-2"
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {t(choice)}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}
