import { z } from "zod";
import { targetKinds } from "@/lib/db/schema";
import { text } from "@/lib/text-input";

/**
 * VictoriaMetrics' `-retentionPeriod`: a whole number and a unit, `h` (hours), `d`, `w`, `y`, or `M`/none (months);
 * VictoriaMetrics refuses less than a day.
 */
const retentionPattern = /^([1-9][0-9]{0,4})(h|d|w|y|M)?$/;

/**
 * `-retentionPeriod` as VictoriaMetrics 1.79 reads it: it refuses the `M` suffix the tier rows use for months
 * ("duration in months must be set without `m` suffix", measured), and reads a bare number as months.
 */
export function victoriaMetricsRetention(retention: string): string {
  return retention.replace(/^([0-9]+)M$/, "$1");
}

export function isRetentionPeriod(value: string): boolean {
  const match = retentionPattern.exec(value);
  if (!match) return false;
  return match[2] !== "h" || Number(match[1]) >= 24;
}

const url = (required: "write_url_required" | "read_url_required") =>
  text({ error: required })
    .trim()
    .min(1, { error: required })
    .max(2000, { error: "tier_url_invalid" })
    .pipe(z.url({ protocol: /^https?$/, error: "tier_url_invalid" }))
    .refine((value) => !new URL(value).username && !new URL(value).password, { error: "url_credentials" });

/** A tier as the admin form sends it. An empty password keeps the stored one; an empty user name clears both. */
export const tierInputSchema = z.object({
  name: text({ error: "name_required" }).trim().min(1, { error: "name_required" }).max(80, { error: "name_too_long" }),
  retention: text({ error: "tier_retention_invalid" })
    .trim()
    .refine(isRetentionPeriod, { error: "tier_retention_invalid" }),
  writeUrl: url("write_url_required"),
  readUrl: url("read_url_required"),
  readUsername: text({ error: "read_username_invalid" })
    .trim()
    .max(200, { error: "read_username_invalid" })
    .regex(/^[^:]*$/, { error: "read_username_invalid" })
    .optional()
    .transform((value) => value || null),
  readPassword: text({ error: "read_password_invalid" })
    .max(500, { error: "read_password_invalid" })
    .optional()
    .transform((value) => value || null),
});
export type TierInput = z.output<typeof tierInputSchema>;
export type TierField = keyof TierInput;

const tierId = text().regex(/^r_[0-9a-f]{20}$/);

export const tierIdSchema = z.object({ tierId });

/** The tier form: its id (absent or empty for a new tier) and the fields, parsed by the save. */
export const tierFormSchema = z
  .object({
    tierId: z
      .union([z.literal(""), tierId])
      .optional()
      .transform((value) => value || null),
    name: z.unknown(),
    retention: z.unknown(),
    writeUrl: z.unknown(),
    readUrl: z.unknown(),
    readUsername: z.unknown().optional(),
    readPassword: z.unknown().optional(),
  })
  .transform(({ tierId, ...fields }) => ({ tierId, fields }));

/** A target kind's tier; an empty choice clears it. */
export const kindTierSchema = z.object({
  kind: z.enum(targetKinds, { error: "kind_invalid" }),
  tierId: text().pipe(z.union([tierId, z.literal("").transform(() => null)])),
});

/** What a refused tier form gets back (the password is never sent back). */
export type TierTyped = {
  name?: string;
  retention?: string;
  writeUrl?: string;
  readUrl?: string;
  readUsername?: string;
};
