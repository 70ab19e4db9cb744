"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { controlCharactersError } from "@/lib/text-input";
import { approveTarget, rejectTarget } from "./mutations";
import { reviewDecisionSchema } from "./schema";

export type ReviewFormState = {
  /** The last decision taken on this page, with the label of the target it concerned. */
  done: { decision: "approved" | "rejected"; label: string } | null;
  /** A refused decision: which request, why, and the reason as typed. */
  failure: { targetId: string; error: string; reason: string; address?: string } | null;
};

/** One action for both buttons of a request row; the admin role is checked here and again in the mutation. */
export async function reviewRequestAction(_previous: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  const parsed = reviewDecisionSchema.safeParse(Object.fromEntries(form));
  const targetId = String(form.get("targetId") ?? "");
  const reason = String(form.get("reason") ?? "");
  if (!parsed.success) {
    const control = parsed.error.issues.some((issue) => issue.message === controlCharactersError);
    return { done: null, failure: { targetId, error: control ? controlCharactersError : "unexpected", reason } };
  }
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
