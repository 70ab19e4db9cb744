import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { type Refusal, refuse, refuseFields } from "@/lib/action-result";
import type { Db } from "@/lib/db/client";
import { silences, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { type AlertmanagerApi, createMemberSilence, expireMemberSilence } from "@/lib/monitoring/alertmanager-api";
import { ownedBy } from "@/lib/policy";
import type { SilenceField, SilenceRequest } from "./schema";

export type SilenceOrigin = "portal" | "bot";
export type CreateSilenceResult = { ok: true; id: string; kind: "once" | "weekly" } | Refusal<SilenceField>;
export type ExpireSilenceResult =
  | { ok: true; kind: "once" | "weekly" }
  | { ok: false; reason: "silence_not_found" | "alertmanager_unavailable" };

export async function isOwnTarget(db: Db, memberId: string, targetId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: targets.id })
    .from(targets)
    .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)));
  return Boolean(row);
}

/**
 * Creates a silence on the member's own alerts. One-off silences go to Alertmanager first (matchers always
 * `member="<id>"`, plus the target when given) and are mirrored with its id; weekly ones are only stored and
 * rendered into alertmanager.yml by the next monitoring sync, which the caller requests.
 */
export async function createSilence(
  db: Db,
  am: AlertmanagerApi | null,
  memberId: string,
  request: SilenceRequest,
  via: SilenceOrigin = "portal",
): Promise<CreateSilenceResult> {
  if (request.targetId && !(await isOwnTarget(db, memberId, request.targetId))) {
    return refuseFields<SilenceField>({ targetId: "target_not_found" });
  }
  const id = newId("s");
  const common = { id, memberId, targetId: request.targetId, comment: request.comment, createdVia: via };
  if (request.kind === "weekly") {
    await db.insert(silences).values({ ...common, kind: "weekly", weekly: request.weekly });
    return { ok: true, id, kind: "weekly" };
  }
  if (!am) return refuse("alertmanager_unavailable");
  const alertmanagerId = await createMemberSilence(am, memberId, {
    narrowing: request.targetId ? { target: request.targetId } : {},
    startsAt: request.startsAt,
    endsAt: request.endsAt,
    comment: request.comment,
    createdBy: `vigie:${via}:${memberId}`,
  });
  try {
    await db
      .insert(silences)
      .values({ ...common, kind: "once", startsAt: request.startsAt, endsAt: request.endsAt, alertmanagerId });
  } catch (error) {
    // Not mirrored means not listed, so not expirable by the member: take it back rather than leave it hidden.
    await expireMemberSilence(am, memberId, alertmanagerId).catch(() => undefined);
    throw error;
  }
  return { ok: true, id, kind: "once" };
}

/** Ends one of the member's silences now; another member's id (or an already expired one) finds nothing. */
export async function expireSilence(
  db: Db,
  am: AlertmanagerApi | null,
  memberId: string,
  silenceId: string,
  now = new Date(),
): Promise<ExpireSilenceResult> {
  const [row] = await db
    .select({ kind: silences.kind, alertmanagerId: silences.alertmanagerId })
    .from(silences)
    .where(and(eq(silences.id, silenceId), ownedBy(silences, memberId), isNull(silences.expiredAt)));
  if (!row) return { ok: false, reason: "silence_not_found" };
  if (row.alertmanagerId) {
    if (!am) return { ok: false, reason: "alertmanager_unavailable" };
    await expireMemberSilence(am, memberId, row.alertmanagerId);
  }
  await db
    .update(silences)
    .set({ expiredAt: now })
    .where(and(eq(silences.id, silenceId), ownedBy(silences, memberId)));
  return { ok: true, kind: row.kind };
}
