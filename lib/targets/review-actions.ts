"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction } from "@/lib/action";
import type { ActionResult } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { approveTarget, rejectTarget } from "./mutations";
import { reviewDecisionSchema } from "./schema";

/** The decision taken, with the label of the target it concerned. */
export type ReviewDone = { decision: "approved" | "rejected"; label: string };
/** Which request a refusal is about, and the rejection reason as typed. */
export type ReviewTyped = { targetId: string; reasonText: string };

/**
 * One action for both buttons of a request row. A success names the decision and the target's label; a refusal
 * sends back which request it was and the rejection reason as typed (`typed`), so the row shows it.
 */
export const reviewRequestAction = adminFormAction({
  input: reviewDecisionSchema,
  typed: (form): ReviewTyped => ({
    targetId: String(form.get("targetId") ?? ""),
    reasonText: String(form.get("reason") ?? ""),
  }),
  run: async (input, scope): Promise<ActionResult<ReviewDone, never, ReviewTyped>> => {
    const database = await db();
    const result =
      input.decision === "approve"
        ? await approveTarget(database, scope, input.targetId, input.addressVersion)
        : await rejectTarget(database, scope, input.targetId, input.reason);
    if (!result.ok) {
      // The list shows the new address at once; the message names it too.
      if (result.reason === "request_changed") revalidatePath("/[locale]/admin/requests", "page");
      return result;
    }
    if (input.decision === "approve") requestMonitoringSync();
    revalidatePath("/[locale]/admin/requests", "page");
    revalidatePath("/[locale]/targets", "page");
    return { ok: true, decision: input.decision === "approve" ? "approved" : "rejected", label: result.label };
  },
});
