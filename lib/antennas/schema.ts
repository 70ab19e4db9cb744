import { z } from "zod";
import type { Reason } from "@/lib/action-result";
import { antennaNoClientMaxHours } from "@/lib/monitoring/render-antenna-rules";
import { text } from "@/lib/text-input";
import { findPersonalData, type PersonalDataKind } from "./personal-data";

const personalDataReason: Record<PersonalDataKind, Reason> = {
  email: "personal_data_email",
  phone: "personal_data_phone",
  address: "personal_data_address",
};

/**
 * Refuses a text carrying personal data, naming the first kind found (e-mail, then phone, then address): one
 * reason per field, and the admin who removes it is told of the next kind on the next try.
 */
const withoutPersonalData = (value: string, context: z.RefinementCtx) => {
  const [kind] = findPersonalData(value);
  if (kind) context.addIssue({ code: "custom", message: personalDataReason[kind], input: value, abort: true });
};

/** A short code naming the place for the hub's admins, e.g. `BXL-07`: never a name, a street or a contact. */
export const placeCodePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** The no-client rule looks back `antennaNoClientMaxHours` (a week): a longer wait could never fire. */
export const noClientHoursBounds = { min: 1, max: antennaNoClientMaxHours } as const;

/** An antenna as the admin's form sends it. */
export const antennaInputSchema = z.object({
  placeCode: text({ error: "place_code_required" })
    .trim()
    .min(1, { error: "place_code_required" })
    .superRefine(withoutPersonalData)
    .regex(placeCodePattern, { error: "place_code_invalid" }),
  tierId: text({ error: "antenna_tier_required" }).trim().min(1, { error: "antenna_tier_required" }),
  notes: text({ multiline: true })
    .max(2000, { error: "antenna_notes_too_long" })
    .superRefine(withoutPersonalData)
    .optional()
    .transform((value) => value?.trim() ?? ""),
  noClientHours: z.coerce
    .number({ error: "antenna_no_client_hours_invalid" })
    .int({ error: "antenna_no_client_hours_invalid" })
    .min(noClientHoursBounds.min, { error: "antenna_no_client_hours_invalid" })
    .max(noClientHoursBounds.max, { error: "antenna_no_client_hours_invalid" }),
});
export type AntennaInput = z.output<typeof antennaInputSchema>;
export type AntennaField = keyof AntennaInput;

const antennaId = text().regex(/^a_[0-9a-f]{20}$/);

export const antennaIdSchema = z.object({ antennaId });

/** The antenna form: its id (absent for a new antenna) and the fields, parsed by the mutation. */
export const antennaFormSchema = z
  .object({
    antennaId: antennaId.optional(),
    placeCode: z.unknown(),
    tierId: z.unknown(),
    notes: z.unknown().optional(),
    noClientHours: z.unknown(),
  })
  .transform(({ antennaId, ...fields }) => ({ antennaId: antennaId ?? null, fields }));

/** How long the previous password keeps working after a rotation: none, an hour, a day or a week. */
export const graceChoices = { none: 0, "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000 } as const;
export type GraceChoice = keyof typeof graceChoices;

export const rotateSchema = z.object({
  antennaId,
  grace: z.enum(Object.keys(graceChoices) as [GraceChoice, ...GraceChoice[]], { error: "antenna_grace_invalid" }),
});

/** What a refused antenna form gets back: everything the admin typed (nothing secret is typed here). */
export type AntennaTyped = { placeCode?: string; tierId?: string; notes?: string; noClientHours?: string };
