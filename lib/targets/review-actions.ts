"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { approveTarget, rejectTarget } from "./mutations";

export type ReviewFormState = {
  /** The last decision taken on this page, with the label of the target it concerned. */
  done: { decision: "approved" | "rejected"; label: string } | null;
  /** A refused decision: which request, why, and the reason as typed. */
  failure: { targetId: string; error: string; reason: string; address?: string } | null;
};

const decisionSchema = z.object({
  targetId: z.string().min(1).max(64),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().max(5000).default(""),
  /** The version of the address shown on the admin's page (`addressVersion`): approval holds only for what was seen. */
  addressVersion: z.string().max(64).default(""),
});

/** One action for both buttons of a request row; the admin role is checked here and again in the mutation. */
export async function reviewRequestAction(_previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  const parsed = decisionSchema.safeParse(Object.fromEntries(form));
  const targetId = String(form.get("targetId") ?? "");
  const reason = String(form.get("reason") ?? "");
  if (!parsed.success) return { done: null, failure: { targetId, error: "unexpected", reason } };
  const viewer = await currentViewer();
  if (!viewer?.isAdmin) return { done: null, failure: { targetId, error: "not_admin", reason } };

  const { decision } = parsed.data;
  const database = await db();
  const result =
    decision === "approve"
      ? await approveTarget(database, viewer.memberId, parsed.data.targetId, parsed.data.addressVersion)
      : await rejectTarget(database, viewer.memberId, parsed.data.targetId, parsed.data.reason);
  if (!result.ok) {
    if (result.error !== "request_changed") return { done: null, failure: { targetId, error: result.error, reason } };
    // The list shows the new address at once; the message names it too.
    revalidatePath("/[locale]/admin/requests", "page");
    return { done: null, failure: { targetId, error: result.error, reason, address: result.address } };
  }

  if (decision === "approve") requestMonitoringSync();
  revalidatePath("/[locale]/admin/requests", "page");
  revalidatePath("/[locale]/targets", "page");
  return { done: { decision: decision === "approve" ? "approved" : "rejected", label: result.label }, failure: null };
}
