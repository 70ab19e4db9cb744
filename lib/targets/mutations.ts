import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { checkHost, type Resolver, systemResolver } from "./network-guard";
import { brickInputSchema, type TargetFieldErrors } from "./schema";

export type CreateTargetResult = { ok: true; id: string } | { ok: false; errors: TargetFieldErrors };

/** Validates and stores a brick for `memberId`; nothing is stored unless every check passes. */
export async function createBrick(
  db: Db,
  memberId: string,
  input: unknown,
  options: { allowedNetworks: readonly string[]; resolve?: Resolver },
): Promise<CreateTargetResult> {
  const parsed = brickInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors: TargetFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof TargetFieldErrors;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const host = new URL(parsed.data.url).hostname;
  const verdict = await checkHost(host, options.allowedNetworks, options.resolve ?? systemResolver);
  if (!verdict.ok) return { ok: false, errors: { url: verdict.reason } };

  const id = newId("t");
  await db.insert(targets).values({ id, memberId, kind: "brick", label: parsed.data.label, address: parsed.data.url });
  return { ok: true, id };
}

export async function deleteTarget(db: Db, memberId: string, targetId: string): Promise<boolean> {
  const deleted = await db
    .delete(targets)
    .where(and(eq(targets.id, targetId), eq(targets.memberId, memberId)))
    .returning({ id: targets.id });
  return deleted.length > 0;
}
