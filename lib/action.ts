import "server-only";
import type { z } from "zod";
import { type ActionResult, type Parsed, type Reason, type Refusal, refusalOf, refuse } from "@/lib/action-result";
import { currentViewer, type Viewer } from "@/lib/auth";
import { type AdminScope, adminScopeOf, type MemberScope, memberScopeOf } from "@/lib/policy";

/**
 * The one way to write a server action: parse the input, find the caller, check the role once, run, and answer
 * with an `ActionResult`. Every server action is a public POST: a caller without the role gets a refusal
 * (`unexpected` for no session on a member's action, `not_admin` for anyone but an admin on the hub's side)
 * before the input is even read, and `run` receives a scope it could not have built otherwise. Unexpected failures are thrown, not returned.
 */

type InputStep<Raw, Input, Field extends string> = z.ZodType<Input> | ((raw: Raw) => Parsed<Input, Field>);

/**
 * What a schema's refusal becomes when its issues carry no reason (zod's own wording: a missing or malformed id, a
 * choice outside the list): a reason for the whole input, such as `component_not_found` for a hidden id the caller
 * never typed; or a function of zod's error, for an input mixing fields the member typed with such ids. Without
 * it, such a refusal reads as `unexpected`. A domain parser makes its own refusals and needs none.
 */
type Invalid<Field extends string> = Reason | ((error: z.ZodError) => Refusal<Field>);

type Spec<Raw, Input, Data extends object, Field extends string, Typed, Scope> = {
  input: InputStep<Raw, Input, Field>;
  invalid?: Invalid<Field>;
  /** What the member typed, sent back with any refusal so the form loses nothing; leave secrets out. */
  typed?: (raw: Raw) => Typed;
  run: (input: Input, scope: Scope, viewer: Viewer) => Promise<ActionResult<Data, Field, Typed>>;
};

type Call<Raw, Data extends object, Field extends string, Typed> = (
  raw: Raw,
) => Promise<ActionResult<Data, Field, Typed>>;
/** The shape `useActionState` calls: the previous answer (null before the first) and the submitted form. */
export type FormAction<Data extends object, Field extends string = never, Typed = never> = (
  previous: ActionResult<Data, Field, Typed> | null,
  form: FormData,
) => Promise<ActionResult<Data, Field, Typed>>;

export function memberAction<Input, Data extends object, Field extends string = never, Typed = never>(
  spec: Spec<unknown, Input, Data, Field, Typed, MemberScope>,
): Call<unknown, Data, Field, Typed> {
  return (raw) => perform(spec, raw, (viewer) => memberScopeOf(viewer), "unexpected");
}

/** A member's form; zod schemas read the form's fields (a repeated field as a list), parse functions the form. */
export function memberFormAction<Input, Data extends object, Field extends string = never, Typed = never>(
  spec: Spec<FormData, Input, Data, Field, Typed, MemberScope>,
): FormAction<Data, Field, Typed> {
  return (_previous, form) => perform(spec, form, (viewer) => memberScopeOf(viewer), "unexpected");
}

export function adminFormAction<Input, Data extends object, Field extends string = never, Typed = never>(
  spec: Spec<FormData, Input, Data, Field, Typed, AdminScope>,
): FormAction<Data, Field, Typed> {
  return (_previous, form) => perform(spec, form, adminScopeOf, "not_admin");
}

/**
 * The one exception to "find the caller first": a form whose proof is in its own input (the token of a mailed
 * link, which only the address's owner received), so it needs no session and `run` gets no scope. Use it for
 * nothing else: any other action acts for someone, and must know who.
 */
export function publicFormAction<Input, Data extends object, Field extends string = never, Typed = never>(spec: {
  input: InputStep<FormData, Input, Field>;
  invalid?: Invalid<Field>;
  typed?: (form: FormData) => Typed;
  run: (input: Input) => Promise<ActionResult<Data, Field, Typed>>;
}): FormAction<Data, Field, Typed> {
  return async (_previous, form) => {
    const typed = spec.typed ? { typed: spec.typed(form) } : {};
    const parsed = parseInput(spec.input, form, spec.invalid);
    if (!parsed.ok) return { ...parsed, ...typed };
    const result = await spec.run(parsed.input);
    return result.ok ? result : { ...typed, ...result };
  };
}

async function perform<Raw, Input, Data extends object, Field extends string, Typed, Scope>(
  spec: Spec<Raw, Input, Data, Field, Typed, Scope>,
  raw: Raw,
  scopeOf: (viewer: Viewer) => Scope | null,
  withoutRole: Reason,
): Promise<ActionResult<Data, Field, Typed>> {
  const typed = spec.typed ? { typed: spec.typed(raw) } : {};
  const viewer = await currentViewer();
  const scope = viewer ? scopeOf(viewer) : null;
  if (!viewer || !scope) return refuse<Field, Typed>(withoutRole, typed);
  const parsed = parseInput(spec.input, raw, spec.invalid);
  if (!parsed.ok) return { ...parsed, ...typed };
  const result = await spec.run(parsed.input, scope, viewer);
  return result.ok ? result : { ...typed, ...result };
}

function parseInput<Raw, Input, Field extends string>(
  step: InputStep<Raw, Input, Field>,
  raw: Raw,
  invalid: Invalid<Field> | undefined,
): Parsed<Input, Field> {
  if (typeof step === "function") return step(raw);
  const parsed = step.safeParse(raw instanceof FormData ? formFields(raw) : raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  if (typeof invalid === "function") return invalid(parsed.error);
  const refusal = refusalOf<Field>(parsed.error);
  // "unexpected" means no issue carried a reason, so every field's reason is "unexpected" too: none is worth showing.
  return invalid && refusal.reason === "unexpected" ? refuse(invalid) : refusal;
}

/** A form's fields as an object; a field sent more than once (checkboxes) becomes a list. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    // Next.js adds its own `$ACTION_…` fields to a form posted to an action.
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).map(String);
    fields[key] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}
