"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useActionState } from "react";
import { controlBorder, FieldFrame, type ControlProps as FrameProps } from "@/components/ui/field-frame";
import { FormOutcome } from "@/components/ui/form-outcome";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReasonText } from "@/components/ui/use-reason-text";
import { saveAntennaAction } from "@/lib/antennas/actions";
import type { AntennaSummary } from "@/lib/antennas/data";
import { type AntennaField, noClientHoursBounds } from "@/lib/antennas/schema";
import { CredentialPanel } from "./credential-panel";

type TierChoice = { id: string; name: string };

/** Registers an antenna (then shows its credential once), or edits one. */
export function AntennaForm({ existing, tiers }: { existing?: AntennaSummary; tiers: TierChoice[] }) {
  const t = useTranslations("ui.antennas.form");
  const tAntennas = useTranslations("ui.antennas");
  const reasonText = useReasonText();
  const [state, formAction, pending] = useActionState(saveAntennaAction, null);
  const refusal = state && !state.ok ? state : null;
  const prefix = existing ? `antenna-${existing.id}` : "antenna-new";
  const valueOf = (name: AntennaField) =>
    refusal?.typed?.[name] ?? (existing ? String(existing[name]) : name === "noClientHours" ? "12" : "");
  const field = (name: AntennaField, hint: string, control: (props: ControlProps) => ReactNode) => {
    const error = refusal?.fields?.[name];
    return (
      <FieldFrame
        name={name}
        id={`${prefix}-${name}`}
        label={t(name)}
        hint={hint}
        error={error && reasonText(error, refusal?.values)}
      >
        {(frame) =>
          control({
            ...frame,
            name,
            defaultValue: valueOf(name),
            className: `w-full rounded border px-3 py-2 ${controlBorder(error)}`,
          })
        }
      </FieldFrame>
    );
  };

  return (
    <div className="space-y-4">
      <form action={formAction} noValidate className="space-y-3">
        {existing && <input type="hidden" name="antennaId" value={existing.id} />}
        {field("placeCode", t("placeCodeHint"), (props) => (
          <input {...props} type="text" autoComplete="off" />
        ))}
        {field("tierId", t("tierIdHint"), (props) => (
          // React does not move a select's default after mounting, and the form's reset goes back to it: a new key
          // remounts it on what the admin chose before a refusal.
          <select key={props.defaultValue} {...props} className={`${props.className} bg-white`}>
            <option value="">{t("chooseTier")}</option>
            {tiers.map((tier) => (
              <option key={tier.id} value={tier.id}>
                {tier.name}
              </option>
            ))}
          </select>
        ))}
        {field("notes", t("notesHint"), (props) => (
          <textarea {...props} rows={3} />
        ))}
        {field("noClientHours", t("noClientHoursHint"), (props) => (
          <input
            {...props}
            type="number"
            min={noClientHoursBounds.min}
            max={noClientHoursBounds.max}
            step={1}
            inputMode="numeric"
          />
        ))}
        <SubmitButton pending={pending}>{existing ? t("save") : t("add")}</SubmitButton>
        <FormOutcome state={state} doneText={(done) => tAntennas(`done.${done.what}`, { label: done.label })} />
      </form>
      {state?.ok && state.credential && <CredentialPanel placeCode={state.label} credential={state.credential} />}
    </div>
  );
}

/** What each control of the form takes: FieldFrame's id and ARIA attributes, and its own name and value. */
type ControlProps = FrameProps & { name: string; defaultValue: string; className: string };
