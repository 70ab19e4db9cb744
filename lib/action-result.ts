import type { z } from "zod";
import type { Messages } from "@/lib/i18n/messages";
import reasonCatalogue from "@/lib/i18n/messages/en/errors.json";

/**
 * Why an action refused: always a key of the `ui.errors` catalogue, so every refusal has a message in every
 * language (the type checks it; `components/ui/use-reason-text.ts` turns it into text).
 */
export type Reason = keyof Messages["ui"]["errors"];

/** What a reason's message quotes: a quota, a wait, the tries left, an address that changed meanwhile. */
export type ReasonValues = {
  limit?: number;
  seconds?: number;
  minutes?: number;
  attemptsLeft?: number;
  address?: string;
  word?: string;
  /** What still uses a record the admin tried to delete, as a list of names ("VPS, Ping"). */
  uses?: string;
  /** A service account the refusal is about (`vmagent-<tierId>`: an id, never a person). */
  username?: string;
};

/**
 * Every value a reason's message may quote, absent ones as 0 or "" (so a message never shows a placeholder, and
 * next-intl never falls back to the key for want of one). A message's placeholders must all be keys of this.
 */
export function reasonMessageValues(values: ReasonValues = {}): Required<ReasonValues> {
  return {
    limit: 0,
    seconds: 0,
    minutes: 0,
    attemptsLeft: 0,
    address: "",
    word: "",
    uses: "",
    username: "",
    ...values,
  };
}

/**
 * An expected failure, as a value the page shows. `fields` puts reasons under the inputs the member can fix
 * (`reason` is then the first of them, for a summary); `typed` sends back what was typed, secrets left out, so a
 * refused form loses nothing.
 */
export type Refusal<Field extends string = never, Typed = never> = {
  ok: false;
  reason: Reason;
  fields?: Partial<Record<Field, Reason>>;
  values?: ReasonValues;
  typed?: Typed;
};

/** What an input step gives (a zod schema through `refusalOf`, or a domain parser): the input, or a refusal. */
export type Parsed<Input, Field extends string = never> = { ok: true; input: Input } | Refusal<Field>;

/** The one result of every server action: `{ ok: true, …data }` or a refusal. */
export type ActionResult<Data extends object = Record<never, never>, Field extends string = never, Typed = never> =
  | ({ ok: true } & Data)
  | Refusal<Field, Typed>;

export function refuse<Field extends string = never, Typed = never>(
  reason: Reason,
  extras: Omit<Refusal<Field, Typed>, "ok" | "reason"> = {},
): Refusal<Field, Typed> {
  return { ok: false, reason, ...extras };
}

/** A refusal with reasons per field; its `reason` is the first field's, for a summary or a screen reader. */
export function refuseFields<Field extends string, Typed = never>(
  fields: Partial<Record<Field, Reason>>,
  extras: Omit<Refusal<Field, Typed>, "ok" | "reason" | "fields"> = {},
): Refusal<Field, Typed> {
  const first = Object.values<Reason | undefined>(fields).find((reason) => reason !== undefined) ?? "unexpected";
  return { ok: false, reason: first, fields, ...extras };
}

const reasons = new Set(Object.keys(reasonCatalogue));

export function isReason(value: unknown): value is Reason {
  return typeof value === "string" && reasons.has(value);
}

/**
 * A zod error as a refusal: schemas give catalogue keys as their messages (`text()` gives `control_characters`);
 * an issue whose message is not a reason (zod's own wording) reads as `unexpected`, never as raw text.
 */
export function refusalOf<Field extends string>(error: z.ZodError): Refusal<Field> {
  const fields: Partial<Record<Field, Reason>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in fields))
      fields[field as Field] = isReason(issue.message) ? issue.message : "unexpected";
  }
  const first = error.issues.find((issue) => isReason(issue.message))?.message;
  return { ok: false, reason: isReason(first) ? first : "unexpected", fields };
}
