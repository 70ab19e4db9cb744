"use server";

import { revalidatePath } from "next/cache";
import { memberFormAction } from "@/lib/action";
import { type Parsed, refuse, refuseFields } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import type { GuardPauseReason } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { recordIdSchema } from "@/lib/text-input";
import { targetPolicyFromEnv } from "./admission";
import { createTarget, deleteTarget, type SaveTargetResult, setTargetPaused, updateTarget } from "./mutations";
import {
  emptyTargetValues,
  formKinds,
  type TargetField,
  type TargetFormValues,
  targetPauseSchema,
  targetRowSchema,
} from "./schema";

/** After a save: monitored now, waiting for an admin, or refused by the guard. */
export type TargetOutcome = "active" | "pending" | "rejected";

function readValues(form: FormData): TargetFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  const kind = formKinds.find((k) => k === form.get("kind")) ?? emptyTargetValues.kind;
  return {
    kind,
    label: text("label"),
    url: text("url"),
    host: text("host"),
    port: text("port"),
    vmId: text("vmId"),
    client: text("client"),
  };
}

function afterChange(): void {
  requestMonitoringSync();
  revalidatePath("/[locale]/targets", "page");
  revalidatePath("/[locale]/admin/requests", "page");
}

/**
 * A save's answer: the outcome, the saved target (a new id on each add, so the add form starts empty again),
 * and what the form shows next; or the mutation's refusal as it is (reasons per field, the quota's limit).
 */
function answer(result: SaveTargetResult, formValues: TargetFormValues) {
  if (!result.ok) return result;
  afterChange();
  return { ok: true as const, outcome: result.status, targetId: result.id, formValues };
}

export const addTargetAction = memberFormAction({
  // The mutation parses the input (as it does for every caller): an unknown kind must not silently become a brick.
  input: (form) => {
    const values = readValues(form);
    const kind = form.get("kind");
    return { ok: true, input: { values, input: formKinds.some((k) => k === kind) ? values : { ...values, kind } } };
  },
  typed: readValues,
  run: async ({ values, input }, scope) => {
    const result = await createTarget(
      await db(),
      scope.memberId,
      input,
      targetPolicyFromEnv(),
      env().MEMBER_MAX_TARGETS,
    );
    return answer(result, { ...emptyTargetValues, kind: values.kind });
  },
});

export const editTargetAction = memberFormAction({
  input: (form): Parsed<{ targetId: string; values: TargetFormValues }, TargetField> => {
    const id = recordIdSchema.safeParse(form.get("targetId"));
    return id.success
      ? { ok: true, input: { targetId: id.data, values: readValues(form) } }
      : refuseFields({ kind: "target_not_found" });
  },
  typed: readValues,
  run: async ({ targetId, values }, scope) =>
    answer(await updateTarget(await db(), scope.memberId, targetId, values, targetPolicyFromEnv()), values),
});

export const setTargetPausedAction = memberFormAction({
  input: targetPauseSchema,
  // A malformed id finds no target of the member.
  invalid: "target_not_found",
  run: async ({ targetId, paused }, scope) => {
    const result = await setTargetPaused(await db(), scope.memberId, targetId, paused, targetPolicyFromEnv());
    if (!result.ok && (result.reason === "target_not_found" || result.reason === "target_not_approved"))
      return refuse(result.reason);
    // A refused resume paused the target for safety: its row now says why, translated (`targets.guardPaused.*`).
    afterChange();
    const guardPauseReason: GuardPauseReason | null = result.ok ? null : result.reason;
    return { ok: true, guardPauseReason };
  },
});

export const deleteTargetAction = memberFormAction({
  input: targetRowSchema,
  invalid: "target_not_found",
  run: async ({ targetId }, scope) => {
    if (!(await deleteTarget(await db(), scope.memberId, targetId))) return refuse("target_not_found");
    afterChange();
    return { ok: true };
  },
});
