"use server";

import { revalidatePath } from "next/cache";
import { adminFormAction } from "@/lib/action";
import { type ActionResult, refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { discardDelivery, retryDelivery } from "./mutations";
import { deliveryDecisionSchema } from "./schema";

/** What was done, and to which notification, for the status line. */
export type DeliveryDone = { action: "retried" | "discarded"; notificationId: string };

/**
 * One action for both buttons of a failed delivery. Like the other admin actions it answers a non-admin with a
 * value (the page shows it) rather than `requireAdmin`'s redirect. A refusal names its row (`typed`); a success
 * says what was done, for the status line.
 */
export const handleFailedDeliveryAction = adminFormAction({
  input: deliveryDecisionSchema,
  invalid: "unexpected_nothing_changed",
  typed: (form): { notificationId: string } => ({ notificationId: String(form.get("notificationId") ?? "") }),
  run: async (
    { intent, notificationId },
    scope,
  ): Promise<ActionResult<DeliveryDone, never, { notificationId: string }>> => {
    const database = await db();
    const result =
      intent === "retry"
        ? await retryDelivery(database, scope, notificationId)
        : await discardDelivery(database, scope, notificationId);
    if (!result.ok) return refuse(result.reason);
    revalidatePath("/[locale]/admin/deliveries", "page");
    return { ok: true, action: intent === "retry" ? "retried" : "discarded", notificationId };
  },
});
