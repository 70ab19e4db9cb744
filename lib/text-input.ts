import { z } from "zod";

/** Catalogue key of the refusal, under the `errors` of every form. */
export const controlCharactersError = "control_characters" as const;

// C0 controls, DEL and C1 controls: never typed on purpose, and a NUL breaks PostgreSQL text columns. A multi-line
// field keeps tab, line feed and carriage return (browsers send a textarea's line breaks as CR LF).
const anyControl = /[\u0000-\u001f\u007f-\u009f]/;
const controlButLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? controlButLineBreaks : anyControl).test(value);
}

/**
 * The string every input schema starts from: control characters are refused first, with their own message, and
 * stop the checks that follow (a NUL would otherwise read as "invalid address" or the like).
 */
export function text(options: { error?: string; multiline?: boolean } = {}) {
  return z
    .string(options.error ? { error: options.error } : undefined)
    .refine((value) => !hasControlCharacters(value, options), { error: controlCharactersError, abort: true });
}

/** Ids of the caller's records as forms send them (`t_…`, `c_…`); whether they exist is the query's business. */
export const recordIdSchema = text().min(1).max(64);
