"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction, type FormAction } from "@/lib/action";
import { type ActionResult, refusalOf, refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { sendIncidentNote } from "@/lib/relay/infra/notes";
import { type ComponentKind, componentKinds } from "./dependencies";
import { deleteInfraComponent, saveInfraComponent, setTargetDependency } from "./mutations";
import {
  type ComponentField,
  componentFormSchema,
  componentIdSchema,
  dependencyInputSchema,
  incidentNoteSchema,
} from "./schema";

/** What an infra form did, for its status line: what changed, and its label (or how many members were told). */
export type InfraDone = { what: "saved" | "deleted" | "dependency" | "note"; label: string; count?: number };
export type InfraField = ComponentField | "text";
/** What the component and note forms send back with a refusal, so nothing typed is lost. */
export type InfraTyped = { kind?: ComponentKind; name?: string; address?: string; text?: string };
export type InfraResult = ActionResult<InfraDone, InfraField, InfraTyped>;
type InfraAction = FormAction<InfraDone, InfraField, InfraTyped>;

const typed = (form: FormData): InfraTyped => {
  const fields: InfraTyped = {};
  for (const key of ["name", "address", "text"] as const) {
    const value = form.get(key);
    if (value !== null) fields[key] = String(value);
  }
  // The kind decides which hint the form shows: sent back so a refused form stays on the chosen kind.
  const kind = componentKinds.find((known) => known === form.get("kind"));
  if (kind) fields.kind = kind;
  return fields;
};

// Every write re-renders the monitoring configuration (labels, rules, inhibitions) and the admin page.
function afterConfigChange() {
  requestMonitoringSync();
  revalidatePath("/[locale]/admin/infra", "page");
}

/** Adds a component (no componentId) or edits one. */
export const saveComponentAction: InfraAction = adminFormAction({
  input: componentFormSchema,
  invalid: "component_not_found",
  typed,
  run: async ({ componentId, fields }, scope): Promise<InfraResult> => {
    const result = await saveInfraComponent(await db(), scope, componentId, fields);
    if (!result.ok) return result;
    afterConfigChange();
    return { ok: true, what: "saved", label: result.name };
  },
});

export const deleteComponentAction: InfraAction = adminFormAction({
  input: componentIdSchema,
  invalid: "component_not_found",
  run: async ({ componentId }, scope): Promise<InfraResult> => {
    const result = await deleteInfraComponent(await db(), scope, componentId);
    if (!result.ok) return refuse(result.reason);
    afterConfigChange();
    return { ok: true, what: "deleted", label: result.name };
  },
});

export const setDependencyAction: InfraAction = adminFormAction({
  input: dependencyInputSchema,
  invalid: "target_gone",
  run: async ({ targetId, componentId }, scope): Promise<InfraResult> => {
    const result = await setTargetDependency(await db(), scope, targetId, componentId);
    if (!result.ok) return refuse(result.reason);
    afterConfigChange();
    return { ok: true, what: "dependency", label: result.label };
  },
});

/**
 * The hub's message about an open incident, to every member told about it. The role is the database's at the
 * time of the call (`currentViewer()`): an admin demoted since signing in cannot message members.
 */
export const sendIncidentNoteAction: InfraAction = adminFormAction({
  input: incidentNoteSchema,
  // The note's text is the only field the admin typed: its reason goes under it, any other is a stale incident.
  invalid: (error) => {
    const text = refusalOf<InfraField>(error).fields?.text;
    return text ? refuse("invalid", { fields: { text } }) : refuse("incident_not_found");
  },
  typed,
  run: async (input, scope): Promise<InfraResult> => {
    const result = await sendIncidentNote(await db(), scope, input);
    if (!result.ok) return result;
    revalidatePath("/[locale]/admin/infra", "page");
    return { ok: true, what: "note", label: "", count: result.members };
  },
});
