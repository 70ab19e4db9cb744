"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { recordIdSchema } from "@/lib/text-input";
import { targetPolicyFromEnv } from "./admission";
import { createTarget, deleteTarget, setTargetPaused, updateTarget } from "./mutations";
import { emptyTargetValues, formKinds, type TargetFieldErrors, type TargetFormValues } from "./schema";

export type TargetFormState = {
  status: "idle" | "saved" | "invalid";
  /** After a save: monitored now, or waiting for an admin. */
  outcome: "active" | "pending" | "rejected" | null;
  errors: TargetFieldErrors;
  values: TargetFormValues;
  /** Bumped on each save, so the add form can start empty again. */
  savedCount: number;
  /** With `target_quota_reached`: how many targets a member may have. */
  limit?: number;
};

const targetId = recordIdSchema;

function readValues(form: FormData): TargetFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  const kind = formKinds.find((k) => k === form.get("kind")) ?? emptyTargetValues.kind;
  return { kind, label: text("label"), url: text("url"), host: text("host"), port: text("port"), vmId: text("vmId"), client: text("client") };
}

function afterChange(): void {
  requestMonitoringSync();
  revalidatePath("/[locale]/targets", "page");
  revalidatePath("/[locale]/admin/requests", "page");
}

export async function addTargetAction(previous: TargetFormState, form: FormData): Promise<TargetFormState> {
  const values = readValues(form);
  const viewer = await currentViewer();
  if (!viewer) return { ...previous, status: "invalid", outcome: null, errors: { label: "unexpected" }, values };
  // An unknown kind must not silently become a brick.
  const input = formKinds.some((k) => k === form.get("kind")) ? values : { ...values, kind: form.get("kind") };
  const result = await createTarget(await db(), viewer.memberId, input, targetPolicyFromEnv(), env().MEMBER_MAX_TARGETS);
  if (!result.ok) return { ...previous, status: "invalid", outcome: null, errors: result.errors, values, limit: "limit" in result ? result.limit : undefined };
  afterChange();
  return { status: "saved", outcome: result.status, errors: {}, values: { ...emptyTargetValues, kind: values.kind }, savedCount: previous.savedCount + 1 };
}

export async function editTargetAction(previous: TargetFormState, form: FormData): Promise<TargetFormState> {
  const values = readValues(form);
  const id = targetId.safeParse(form.get("targetId"));
  const viewer = await currentViewer();
  if (!viewer || !id.success) return { ...previous, status: "invalid", outcome: null, errors: { kind: "target_not_found" }, values };
  const result = await updateTarget(await db(), viewer.memberId, id.data, values, targetPolicyFromEnv());
  if (!result.ok) return { ...previous, status: "invalid", outcome: null, errors: result.errors, values };
  afterChange();
  return { status: "saved", outcome: result.status, errors: {}, values, savedCount: previous.savedCount + 1 };
}

export async function setTargetPausedAction(form: FormData): Promise<void> {
  const id = targetId.safeParse(form.get("targetId"));
  const viewer = await currentViewer();
  if (!viewer || !id.success) return;
  const result = await setTargetPaused(await db(), viewer.memberId, id.data, form.get("paused") === "true", targetPolicyFromEnv());
  // A refused resume paused the target for safety: its row now says why, translated (`targets.guardPaused.*`).
  if (result.ok || result.reason !== "target_not_found") afterChange();
}

export async function deleteTargetAction(form: FormData): Promise<void> {
  const id = targetId.safeParse(form.get("targetId"));
  const viewer = await currentViewer();
  if (!viewer || !id.success) return;
  if (await deleteTarget(await db(), viewer.memberId, id.data)) afterChange();
}
