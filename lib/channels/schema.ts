import { z } from "zod";
import { isReason, type Parsed, type Reason, refuseFields } from "@/lib/action-result";
import { type Severity, severities } from "@/lib/db/schema";
import { recordIdSchema, text } from "@/lib/text-input";

// `@localpart:server.name` per the Matrix spec's user id grammar: historical ids aside, localparts are
// lowercase; the server name is a DNS name, IPv4 or bracketed IPv6, with an optional port.
const matrixIdPattern = /^@[a-z0-9._=\-/+]+:(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** A Matrix user id as a member types it; the error code is translated by the page. */
export const matrixIdSchema = text()
  .trim()
  .max(255, { error: "matrix_id_invalid" })
  .regex(matrixIdPattern, { error: "matrix_id_invalid" })
  .brand<"MatrixId">();

export type MatrixId = z.infer<typeof matrixIdSchema>;

// Mattermost usernames: 3 to 22 characters, starting with a letter, lowercase letters, digits, ".", "-", "_".
// Members often type the mention form, so a leading "@" is dropped.
export const mattermostUsernameSchema = text()
  .trim()
  .transform((value) => value.replace(/^@/, "").toLowerCase())
  .pipe(text().regex(/^[a-z][a-z0-9._-]{2,21}$/, { error: "mattermost_username_invalid" }));

/** The member's Gotify server, kept without a trailing slash so `/message` can be appended. */
export const gotifyUrlSchema = text()
  .trim()
  .min(1, { error: "gotify_url_required" })
  .max(2048, { error: "gotify_url_invalid" })
  .refine((value) => URL.canParse(value), { error: "gotify_url_invalid" })
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === "https:" || url.protocol === "http:", { error: "gotify_url_scheme" })
  .refine((url) => url.username === "" && url.password === "" && url.search === "" && url.hash === "", {
    error: "gotify_url_invalid",
  })
  .transform((url) => `${url.origin}${url.pathname}`.replace(/\/+$/, ""));

// Gotify application tokens are short random strings of letters, digits, "." "-" "_" (e.g. "AWxyz.Ab1_cd-E").
export const gotifyTokenSchema = text()
  .trim()
  .regex(/^[A-Za-z0-9._-]{8,128}$/, { error: "gotify_token_invalid" });

export const emailAddressSchema = text()
  .trim()
  .max(254, { error: "email_invalid" })
  .pipe(z.email({ error: "email_invalid" }))
  .transform((value) => value.toLowerCase());

export const severitySchema = z.enum(severities, { error: "severity_invalid" });

/** A channel's new minimum severity, as the channel list sends it. */
export const minSeverityInputSchema = z.object({ channelId: recordIdSchema, minSeverity: severitySchema });

/** The code a member copies from the Gotify push into the portal. */
export const gotifyCodeInputSchema = z.object({ channelId: recordIdSchema, code: text().trim().min(1).max(32) });

/** The token of a confirmation link, as the mailed URL carries it. */
export const emailTokenSchema = text().min(1).max(128);
/** The confirmation page's form, which posts the mailed token. */
export const emailTokenFormSchema = z.object({ token: emailTokenSchema });

/** What the "add a channel" form sends, per type; the field names are the form's input names. */
export const channelInputSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("matrix"), matrixId: matrixIdSchema, minSeverity: severitySchema }),
    z.object({ type: z.literal("mattermost"), username: mattermostUsernameSchema, minSeverity: severitySchema }),
    z.object({
      type: z.literal("gotify"),
      serverUrl: gotifyUrlSchema,
      appToken: gotifyTokenSchema,
      minSeverity: severitySchema,
    }),
    z.object({ type: z.literal("email"), email: emailAddressSchema, minSeverity: severitySchema }),
  ],
  { error: "channel_type_invalid" },
);

export type ChannelInput = z.infer<typeof channelInputSchema>;
export type ChannelField = "type" | "matrixId" | "username" | "serverUrl" | "appToken" | "email" | "minSeverity";
export type ChannelFieldErrors = Partial<Record<ChannelField, Reason>>;

/** Parses the form; on failure, one reason per field (the first one), for the page to translate. */
export function parseChannelInput(values: Record<string, unknown>): Parsed<ChannelInput, ChannelField> {
  const parsed = channelInputSchema.safeParse(values);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: ChannelFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = (issue.path[0] as ChannelField | undefined) ?? "type";
    errors[field] ??= isReason(issue.message) ? issue.message : "unexpected";
  }
  return refuseFields(errors);
}

/** The address a channel is known by: what the member declared, and what a bot compares the sender with. */
export function addressOf(input: ChannelInput): string {
  switch (input.type) {
    case "matrix":
      return input.matrixId;
    case "mattermost":
      return input.username;
    case "gotify":
      return input.serverUrl;
    case "email":
      return input.email;
  }
}

const severityRanks: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Alerts without a known severity label rank as critical: a rule that forgot its label must not be filtered
 * away from a member who only asked for critical alerts.
 */
export function rankSeverity(value: string | null | undefined): number {
  return value && Object.hasOwn(severityRanks, value) ? severityRanks[value as Severity] : severityRanks.critical;
}

export type { ChannelTypeValue as ChannelType, Severity } from "@/lib/db/schema";
export { channelTypes, severities } from "@/lib/db/schema";

import type { ChannelTypeValue as ChannelType } from "@/lib/db/schema";

export type ChannelSummary = {
  id: string;
  type: ChannelType;
  address: string;
  minSeverity: Severity;
  verifiedAt: Date | null;
};
