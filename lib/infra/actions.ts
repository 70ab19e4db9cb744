"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { sendIncidentNote } from "@/lib/relay/infra/notes";
import { deleteInfraComponent, isAdmin, saveInfraComponent, setTargetDependency } from "./mutations";
import { componentIdSchema, dependencyInputSchema, incidentNoteSchema, type ComponentField } from "./schema";

/** What the last submission of an infra form did: `done` names what changed, `error` is a catalogue key. */
export type InfraFormState = {
  done: { what: "saved" | "deleted" | "dependency" | "note"; label: string; count?: number } | null;
  error: string | null;
  /** Per field, for the component form; the typed values come back so nothing is lost. */
  fieldErrors: Partial<Record<ComponentField | "text", string>>;
  values: Record<string, string>;
};

const fieldsOf = (form: FormData) => Object.fromEntries([...form].map(([key, value]) => [key, String(value)]));
const refused = (error: string, form: FormData, fieldErrors: InfraFormState["fieldErrors"] = {}): InfraFormState => ({
  done: null,
  error,
  fieldErrors,
  values: fieldsOf(form),
});

// Every write re-renders the monitoring configuration (labels, rules, inhibitions) and the admin page.
function afterConfigChange() {
  requestMonitoringSync();
  revalidatePath("/[locale]/admin/infra", "page");
}

async function adminId(): Promise<string | null> {
  const viewer = await currentViewer();
  return viewer?.isAdmin ? viewer.memberId : null;
}

/** Adds a component (no componentId) or edits one. */
export async function saveComponentAction(_previous: InfraFormState, form: FormData): Promise<InfraFormState> {
  const admin = await adminId();
  if (!admin) return refused("not_admin", form);
  const rawId = String(form.get("componentId") ?? "");
  const componentId = rawId === "" ? null : componentIdSchema.safeParse({ componentId: rawId }).data?.componentId;
  if (componentId === undefined) return refused("component_not_found", form);
  const result = await saveInfraComponent(await db(), admin, componentId, { kind: form.get("kind"), name: form.get("name"), address: form.get("address") });
  if (!result.ok) return "errors" in result ? refused("invalid", form, result.errors) : refused(result.error, form);
  afterConfigChange();
  return { done: { what: "saved", label: result.name }, error: null, fieldErrors: {}, values: {} };
}

export async function deleteComponentAction(_previous: InfraFormState, form: FormData): Promise<InfraFormState> {
  const admin = await adminId();
  if (!admin) return refused("not_admin", form);
  const parsed = componentIdSchema.safeParse(fieldsOf(form));
  if (!parsed.success) return refused("component_not_found", form);
  const result = await deleteInfraComponent(await db(), admin, parsed.data.componentId);
  if (!result.ok) return refused(result.error, form);
  afterConfigChange();
  return { done: { what: "deleted", label: result.name }, error: null, fieldErrors: {}, values: {} };
}

export async function setDependencyAction(_previous: InfraFormState, form: FormData): Promise<InfraFormState> {
  const admin = await adminId();
  if (!admin) return refused("not_admin", form);
  const parsed = dependencyInputSchema.safeParse(fieldsOf(form));
  if (!parsed.success) return refused("target_not_found", form);
  const result = await setTargetDependency(await db(), admin, parsed.data.targetId, parsed.data.componentId);
  if (!result.ok) return refused(result.error, form);
  afterConfigChange();
  return { done: { what: "dependency", label: result.label }, error: null, fieldErrors: {}, values: {} };
}

/** The hub's message about an open incident, to every member told about it. */
export async function sendIncidentNoteAction(_previous: InfraFormState, form: FormData): Promise<InfraFormState> {
  const admin = await adminId();
  if (!admin) return refused("not_admin", form);
  const parsed = incidentNoteSchema.safeParse(fieldsOf(form));
  if (!parsed.success) {
    const text = parsed.error.issues.find((issue) => issue.path[0] === "text");
    return text ? refused("invalid", form, { text: text.message }) : refused("incident_not_found", form);
  }
  const database = await db();
  // Checked against the database too: a demoted admin's session must not message members.
  if (!(await isAdmin(database, admin))) return refused("not_admin", form);
  const result = await sendIncidentNote(database, parsed.data);
  if (!result.ok) return refused(result.error, form);
  revalidatePath("/[locale]/admin/infra", "page");
  return { done: { what: "note", label: "", count: result.members }, error: null, fieldErrors: {}, values: {} };
}
