import type { Messages } from "@/lib/i18n/messages";

/**
 * Why an action refused: always a key of the `ui.errors` catalogue, so every refusal has a message in every
 * language (the type checks it; `components/ui/use-reason-text.ts` turns it into text).
 */
export type Reason = keyof Messages["ui"]["errors"];

/** What a reason's message quotes: a quota, a wait, the tries left, an address that changed meanwhile. */
export type ReasonValues = { limit?: number; seconds?: number; minutes?: number; attemptsLeft?: number; address?: string };

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
