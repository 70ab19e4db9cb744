import "server-only";
import { and, eq } from "drizzle-orm";
import { type Refusal, refusalOf, refuse } from "@/lib/action-result";
import type { Db } from "@/lib/db/client";
import { infraComponents, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { AdminScope } from "@/lib/policy";
import { canDependOn } from "./dependencies";
import { type ComponentField, componentInputSchema } from "./schema";

/** Why an infra write was refused (keys of the reason catalogue). */
export type InfraRefusal = { ok: false; reason: "component_not_found" | "target_gone" | "kind_mismatch" };
/** `invalid`, with the reasons under the inputs the admin can fix (`fields`); or why the write was refused. */
export type SaveComponentResult = { ok: true; id: string; name: string } | Refusal<ComponentField> | InfraRefusal;

/** Creates a component, or renames/readdresses one; its kind is fixed once created, so dependencies stay valid. */
export async function saveInfraComponent(
  db: Db,
  _admin: AdminScope,
  componentId: string | null,
  input: Record<string, unknown>,
): Promise<SaveComponentResult> {
  let kind = input.kind;
  if (componentId) {
    const [existing] = await db
      .select({ kind: infraComponents.kind })
      .from(infraComponents)
      .where(eq(infraComponents.id, componentId));
    if (!existing) return { ok: false, reason: "component_not_found" };
    kind = existing.kind;
  }
  const parsed = componentInputSchema.safeParse({ ...input, kind });
  if (!parsed.success) return refuse("invalid", { fields: refusalOf<ComponentField>(parsed.error).fields });
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
export async function deleteInfraComponent(
  db: Db,
  _admin: AdminScope,
  componentId: string,
): Promise<{ ok: true; name: string } | InfraRefusal> {
  const [deleted] = await db
    .delete(infraComponents)
    .where(eq(infraComponents.id, componentId))
    .returning({ name: infraComponents.name });
  return deleted ? { ok: true, name: deleted.name } : { ok: false, reason: "component_not_found" };
}

/** Sets the component a target sits behind (null: the default); only a matching kind (VPS → hypervisor…). */
export async function setTargetDependency(
  db: Db,
  _admin: AdminScope,
  targetId: string,
  componentId: string | null,
): Promise<{ ok: true; label: string } | InfraRefusal> {
  const [target] = await db.select({ kind: targets.kind }).from(targets).where(eq(targets.id, targetId));
  if (!target) return { ok: false, reason: "target_gone" };
  if (componentId) {
    const [component] = await db
      .select({ kind: infraComponents.kind })
      .from(infraComponents)
      .where(eq(infraComponents.id, componentId));
    if (!component) return { ok: false, reason: "component_not_found" };
    if (!canDependOn(target.kind, component.kind)) return { ok: false, reason: "kind_mismatch" };
  }
  const [updated] = await db
    .update(targets)
    .set({ dependsOn: componentId, updatedAt: new Date() })
    .where(and(eq(targets.id, targetId), eq(targets.kind, target.kind)))
    .returning({ label: targets.label });
  return updated ? { ok: true, label: updated.label } : { ok: false, reason: "target_gone" };
}
