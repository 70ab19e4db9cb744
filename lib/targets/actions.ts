"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { createBrick, deleteTarget } from "./mutations";
import type { TargetFieldErrors } from "./schema";

export type BrickFormState = {
  status: "idle" | "saved" | "invalid";
  errors: TargetFieldErrors;
  values: { label: string; url: string };
  /** Bumped on each save, so the form can start empty again. */
  savedCount: number;
};

export async function addBrickAction(previous: BrickFormState, form: FormData): Promise<BrickFormState> {
  const values = { label: String(form.get("label") ?? ""), url: String(form.get("url") ?? "") };
  const viewer = await currentViewer();
  if (!viewer) return { ...previous, status: "invalid", errors: { label: "unexpected" }, values };

  const result = await createBrick(await db(), viewer.memberId, values, {
    allowedNetworks: env().TARGET_ALLOWED_NETWORKS,
  });
  if (!result.ok) return { ...previous, status: "invalid", errors: result.errors, values };

  requestMonitoringSync();
  revalidatePath("/[locale]/targets", "page");
  return { status: "saved", errors: {}, values: { label: "", url: "" }, savedCount: previous.savedCount + 1 };
}

export async function deleteTargetAction(form: FormData): Promise<void> {
  const targetId = z.string().min(1).max(64).safeParse(form.get("targetId"));
  const viewer = await currentViewer();
  if (!viewer || !targetId.success) return;
  if (await deleteTarget(await db(), viewer.memberId, targetId.data)) {
    requestMonitoringSync();
    revalidatePath("/[locale]/targets", "page");
  }
}
