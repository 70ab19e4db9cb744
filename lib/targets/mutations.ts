import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { type Refusal, refuseFields } from "@/lib/action-result";
import type { Db, Tx } from "@/lib/db/client";
import { channels, type GuardPauseReason, type Notice, notifications, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { checkMemberQuota } from "@/lib/members/quota";
import { type AdminScope, ownedBy } from "@/lib/policy";
import { probedHostOfStored, toStoredAddress } from "./address";
import { admitTarget, judgeProbedHost, type TargetPolicy } from "./admission";
import { addressVersion } from "./data";
import {
  fieldErrorsOf,
  rejectReasonSchema,
  type TargetField,
  type TargetInput,
  type TargetKind,
  targetInputSchema,
} from "./schema";

export type SaveTargetResult =
  | { ok: true; id: string; status: "active" | "pending" | "rejected" }
  /**
   * Reasons per field (`reason` is the first of them); when the member already has `limit` targets (they delete
   * one or ask an admin), `kind: "target_quota_reached"` with `values.limit`.
   */
  | Refusal<TargetField>;

/** The form field that holds the address of each kind: guard verdicts are shown there. */
const addressField: Record<TargetKind, TargetField> = {
  brick: "url",
  ping: "host",
  tcp: "host",
  vps: "vmId",
  vpn: "client",
};

type Checked = { ok: true; input: TargetInput; status: "active" | "pending" } | Refusal<TargetField>;

async function checkInput(input: unknown, policy: TargetPolicy): Promise<Checked> {
  const parsed = targetInputSchema.safeParse(input);
  if (!parsed.success) return refuseFields(fieldErrorsOf(parsed.error));
  const admission = await admitTarget(parsed.data, policy);
  if (!admission.ok) return refuseFields<TargetField>({ [addressField[parsed.data.kind]]: admission.reason });
  return { ok: true, input: parsed.data, status: admission.status };
}

/**
 * Validates and stores a target of any kind for `memberId`; nothing is stored unless every check passes, the
 * member's quota (`maxTargets`, passed by the action from MEMBER_MAX_TARGETS) included.
 */
export async function createTarget(
  db: Db,
  memberId: string,
  input: unknown,
  policy: TargetPolicy,
  maxTargets: number,
): Promise<SaveTargetResult> {
  const checked = await checkInput(input, policy);
  if (!checked.ok) return checked;
  const id = newId("t");
  return db.transaction(async (tx): Promise<SaveTargetResult> => {
    const quota = await checkMemberQuota(tx, memberId, "targets", maxTargets);
    if (!quota.ok)
      return refuseFields<TargetField>({ kind: "target_quota_reached" }, { values: { limit: quota.limit } });
    await tx.insert(targets).values({
      id,
      memberId,
      kind: checked.input.kind,
      label: checked.input.label,
      address: toStoredAddress(checked.input),
      status: checked.status,
    });
    return { ok: true, id, status: checked.status };
  });
}

/**
 * Changes the label and address of the member's own target; its kind stays. A new address is judged again
 * like a new target (it may go back to waiting for an admin); a label change alone keeps the status. A target
 * the re-check paused for safety is judged again even at the same address, and resumes if it now passes.
 */
export async function updateTarget(
  db: Db,
  memberId: string,
  targetId: string,
  input: unknown,
  policy: TargetPolicy,
): Promise<SaveTargetResult> {
  const [current] = await db
    .select({
      kind: targets.kind,
      address: targets.address,
      status: targets.status,
      guardPausedAt: targets.guardPausedAt,
    })
    .from(targets)
    .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)));
  if (!current) return refuseFields<TargetField>({ kind: "target_not_found" });
  const fields = typeof input === "object" && input !== null ? input : {};
  const parsed = targetInputSchema.safeParse({ ...fields, kind: current.kind });
  if (!parsed.success) return refuseFields(fieldErrorsOf(parsed.error));

  const address = toStoredAddress(parsed.data);
  if (address === current.address && current.guardPausedAt === null) {
    const updated = await db
      .update(targets)
      .set({ label: parsed.data.label, updatedAt: new Date() })
      .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)))
      .returning({ id: targets.id });
    return updated.length > 0
      ? { ok: true, id: targetId, status: current.status }
      : refuseFields<TargetField>({ kind: "target_not_found" });
  }
  const checked = await checkInput(parsed.data, policy);
  if (!checked.ok) return checked;
  const updated = await db
    .update(targets)
    .set({
      label: checked.input.label,
      address,
      status: checked.status,
      reviewNote: null,
      reviewedBy: null,
      reviewedAt: null,
      updatedAt: new Date(),
      ...(current.guardPausedAt === null ? {} : { paused: false, guardPausedAt: null, guardPauseReason: null }),
    })
    .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)))
    .returning({ id: targets.id });
  return updated.length > 0
    ? { ok: true, id: targetId, status: checked.status }
    : refuseFields<TargetField>({ kind: "target_not_found" });
}

export type SetPausedResult =
  | { ok: true }
  /** Not theirs, or paused for safety (only saving it again, which runs the guard, resumes that one). */
  | { ok: false; reason: "target_not_found" }
  /** Only a monitored target can be paused: a request waiting for an admin, or refused, is not probed anyway. */
  | { ok: false; reason: "target_not_approved" }
  /** Its name now reaches a refused address: it stays paused, now for safety, and the member is told why. */
  | { ok: false; reason: GuardPauseReason };

/**
 * Pauses or resumes the member's own target. Resuming a probed target runs the guard first: the name may have
 * moved while it was paused, and resuming puts it back in blackbox's configuration.
 */
export async function setTargetPaused(
  db: Db,
  memberId: string,
  targetId: string,
  paused: boolean,
  policy: TargetPolicy,
): Promise<SetPausedResult> {
  if (!paused) {
    const [current] = await db
      .select({
        kind: targets.kind,
        address: targets.address,
        status: targets.status,
        guardPausedAt: targets.guardPausedAt,
      })
      .from(targets)
      .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)));
    if (!current || current.guardPausedAt !== null) return { ok: false, reason: "target_not_found" };
    // Only active targets are probed; a name that does not resolve is an outage the probe reports, as in the re-check.
    const host = current.status === "active" ? probedHostOfStored(current) : null;
    const verdict = host === null ? null : await judgeProbedHost(host, policy);
    if (verdict && !verdict.ok && verdict.reason !== "host_not_found") {
      await pauseTargetForSafety(db, targetId, verdict.reason);
      return { ok: false, reason: verdict.reason };
    }
  }
  const updated = await db
    .update(targets)
    .set({ paused, updatedAt: new Date() })
    .where(
      and(
        eq(targets.id, targetId),
        ownedBy(targets, memberId),
        ...(paused ? [eq(targets.status, "active")] : [isNull(targets.guardPausedAt)]),
      ),
    )
    .returning({ id: targets.id });
  if (updated.length > 0) return { ok: true };
  // Tell a request apart from a target that is not the member's (ownership is checked inside this query too).
  const [own] = paused
    ? await db
        .select({ id: targets.id })
        .from(targets)
        .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)))
    : [];
  return { ok: false, reason: own ? "target_not_approved" : "target_not_found" };
}

/**
 * Pauses a probed target whose name now reaches a refused address, and tells its member on each usable channel
 * (the portal shows it too). A target its member had paused is marked too, so that resuming it needs a save that
 * passes the guard. Conditional on it not being paused for safety yet, so a repeated pass tells them once.
 */
export async function pauseTargetForSafety(
  db: Db,
  targetId: string,
  reason: GuardPauseReason,
  now = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [paused] = await tx
      .update(targets)
      .set({ paused: true, guardPausedAt: now, guardPauseReason: reason, updatedAt: now })
      .where(and(eq(targets.id, targetId), eq(targets.status, "active"), isNull(targets.guardPausedAt)))
      .returning({ memberId: targets.memberId });
    if (!paused) return false;
    await noticeMember(
      tx,
      paused.memberId,
      targetId,
      { type: "target_guard_paused", targetIds: [targetId], reason },
      now,
    );
    return true;
  });
}

/**
 * Sends an auto-approved target (no admin reviewed it) back to the admins' requests: its name now also reaches
 * addresses outside the auto-approved networks, which a new target there would have needed an admin for. Its
 * member is told. Conditional on it still being active and unreviewed, so a repeated pass tells them once.
 */
export async function sendTargetBackToReview(db: Db, targetId: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [sent] = await tx
      .update(targets)
      .set({ status: "pending", updatedAt: now })
      .where(
        and(
          eq(targets.id, targetId),
          eq(targets.status, "active"),
          isNull(targets.reviewedBy),
          isNull(targets.guardPausedAt),
        ),
      )
      .returning({ memberId: targets.memberId });
    if (!sent) return false;
    await noticeMember(tx, sent.memberId, targetId, { type: "target_sent_to_review", targetIds: [targetId] }, now);
    return true;
  });
}

/** Queues a notice about one target on each of the member's usable channels. */
async function noticeMember(
  tx: Tx,
  memberId: string,
  targetId: string,
  notice: Notice & { targetIds: string[] },
  now: Date,
): Promise<void> {
  const usable = await tx
    .select({ id: channels.id })
    .from(channels)
    .where(and(ownedBy(channels, memberId), isNotNull(channels.verifiedAt), isNull(channels.disabledAt)));
  if (usable.length === 0) return;
  await tx
    .insert(notifications)
    .values(
      usable.map((channel) => ({
        id: newId("n"),
        dedupeKey: createHash("sha256")
          .update(`${notice.type}|${targetId}|${now.toISOString()}|${channel.id}`)
          .digest("hex"),
        memberId,
        channelId: channel.id,
        groupKey: `notice:${notice.type}:${targetId}`,
        alertStatus: "firing" as const,
        alerts: [],
        notice,
      })),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey });
}

export async function deleteTarget(db: Db, memberId: string, targetId: string): Promise<boolean> {
  const deleted = await db
    .delete(targets)
    .where(and(eq(targets.id, targetId), ownedBy(targets, memberId)))
    .returning({ id: targets.id });
  return deleted.length > 0;
}

export type ReviewResult =
  | { ok: true; label: string }
  | { ok: false; reason: "request_not_pending" | "reason_required" | "reason_too_long" | "control_characters" }
  /** The member changed the address since the admin's page was loaded: this is what it is now. */
  | { ok: false; reason: "request_changed"; values: { address: string } };

async function reviewTarget(
  db: Db,
  admin: AdminScope,
  target: { id: string; seenVersion?: string },
  status: "active" | "rejected",
  reviewNote: string | null,
): Promise<ReviewResult> {
  // The address the admin saw (by its version) is part of the condition, in the same statement as the write: a
  // member's edit that lands between the page load and the click cannot be approved unseen.
  const seen = target.seenVersion === undefined ? [] : [eq(addressVersion, target.seenVersion)];
  const updated = await db
    .update(targets)
    .set({ status, reviewNote, reviewedBy: admin.adminId, reviewedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(targets.id, target.id), eq(targets.status, "pending"), ...seen))
    .returning({ label: targets.label });
  if (updated[0]) return { ok: true, label: updated[0].label };
  const [current] = await db
    .select({ address: targets.address })
    .from(targets)
    .where(and(eq(targets.id, target.id), eq(targets.status, "pending")));
  return current
    ? { ok: false, reason: "request_changed", values: { address: current.address } }
    : { ok: false, reason: "request_not_pending" };
}

/**
 * Approves a pending request if it still watches the address the admin saw (`seenVersion`: its `addressVersion`
 * from the review page): the target is monitored from the next sync.
 */
export function approveTarget(db: Db, admin: AdminScope, targetId: string, seenVersion: string): Promise<ReviewResult> {
  return reviewTarget(db, admin, { id: targetId, seenVersion }, "active", null);
}

/** Refuses a pending request; the member sees the reason. */
export async function rejectTarget(
  db: Db,
  admin: AdminScope,
  targetId: string,
  reason: unknown,
): Promise<ReviewResult> {
  const parsed = rejectReasonSchema.safeParse(reason);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message;
    return {
      ok: false,
      reason: message === "reason_too_long" || message === "control_characters" ? message : "reason_required",
    };
  }
  return reviewTarget(db, admin, { id: targetId }, "rejected", parsed.data);
}
