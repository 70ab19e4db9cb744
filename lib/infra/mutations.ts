import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { infraComponents, members, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { canDependOn } from "./dependencies";
import { componentInputSchema, fieldErrorsOf, type ComponentField } from "./schema";

export type AdminRefusal = { ok: false; error: "not_admin" | "component_not_found" | "target_not_found" | "kind_mismatch" };
export type SaveComponentResult = { ok: true; id: string; name: string } | { ok: false; errors: Partial<Record<ComponentField, string>> } | AdminRefusal;

// The actions check the role too; checking here again keeps a forged or demoted admin id from writing.
export async function isAdmin(db: Db, adminId: string): Promise<boolean> {
  const [row] = await db.select({ isAdmin: members.isAdmin }).from(members).where(eq(members.id, adminId));
  return row?.isAdmin === true;
}

/** Creates a component, or renames/readdresses one; its kind is fixed once created, so dependencies stay valid. */
export async function saveInfraComponent(db: Db, adminId: string, componentId: string | null, input: Record<string, unknown>): Promise<SaveComponentResult> {
  if (!(await isAdmin(db, adminId))) return { ok: false, error: "not_admin" };
  let kind = input.kind;
  if (componentId) {
    const [existing] = await db.select({ kind: infraComponents.kind }).from(infraComponents).where(eq(infraComponents.id, componentId));
    if (!existing) return { ok: false, error: "component_not_found" };
    kind = existing.kind;
  }
  const parsed = componentInputSchema.safeParse({ ...input, kind });
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const { name, address } = parsed.data;
  if (componentId) {
    await db.update(infraComponents).set({ name, address }).where(eq(infraComponents.id, componentId));
    return { ok: true, id: componentId, name };
  }
  const id = newId("i");
  await db.insert(infraComponents).values({ id, kind: parsed.data.kind, name, address });
  return { ok: true, id, name };
}

/** Removes a component; targets that depended on it depend on nothing (the foreign key sets null). */
export async function deleteInfraComponent(db: Db, adminId: string, componentId: string): Promise<{ ok: true; name: string } | AdminRefusal> {
  if (!(await isAdmin(db, adminId))) return { ok: false, error: "not_admin" };
  const [deleted] = await db.delete(infraComponents).where(eq(infraComponents.id, componentId)).returning({ name: infraComponents.name });
  return deleted ? { ok: true, name: deleted.name } : { ok: false, error: "component_not_found" };
}

/** Sets the component a target sits behind (null: the default); only a matching kind (VPS → hypervisor…). */
export async function setTargetDependency(
  db: Db,
  adminId: string,
  targetId: string,
  componentId: string | null,
): Promise<{ ok: true; label: string } | AdminRefusal> {
  if (!(await isAdmin(db, adminId))) return { ok: false, error: "not_admin" };
  const [target] = await db.select({ kind: targets.kind }).from(targets).where(eq(targets.id, targetId));
  if (!target) return { ok: false, error: "target_not_found" };
  if (componentId) {
    const [component] = await db.select({ kind: infraComponents.kind }).from(infraComponents).where(eq(infraComponents.id, componentId));
    if (!component) return { ok: false, error: "component_not_found" };
    if (!canDependOn(target.kind, component.kind)) return { ok: false, error: "kind_mismatch" };
  }
  const [updated] = await db
    .update(targets)
    .set({ dependsOn: componentId, updatedAt: new Date() })
    .where(and(eq(targets.id, targetId), eq(targets.kind, target.kind)))
    .returning({ label: targets.label });
  return updated ? { ok: true, label: updated.label } : { ok: false, error: "target_not_found" };
}
