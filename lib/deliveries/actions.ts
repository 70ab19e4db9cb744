"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { discardDelivery, retryDelivery } from "./mutations";
import { deliveryDecisionSchema, type DeliveryActionError } from "./schema";

export type FailedDeliveryState = {
  /** The last thing done on this page, for the status line. */
  done: { action: "retried" | "discarded"; notificationId: string } | null;
  /** A refused action, shown on its row. */
  failure: { notificationId: string; error: DeliveryActionError | "unexpected" } | null;
};

/**
 * One action for both buttons of a failed delivery. Like the other admin actions it answers a non-admin with a
 * value (the page shows it) rather than `requireAdmin`'s redirect; the mutation checks the role again.
 */
export async function handleFailedDeliveryAction(_previous: FailedDeliveryState, form: FormData): Promise<FailedDeliveryState> {
  const parsed = deliveryDecisionSchema.safeParse(Object.fromEntries(form));
  const notificationId = String(form.get("notificationId") ?? "");
  if (!parsed.success) return { done: null, failure: { notificationId, error: "unexpected" } };
  const viewer = await currentViewer();
  if (!viewer?.isAdmin) return { done: null, failure: { notificationId, error: "not_admin" } };

  const database = await db();
  const { intent } = parsed.data;
  const result =
    intent === "retry"
      ? await retryDelivery(database, viewer.memberId, parsed.data.notificationId)
      : await discardDelivery(database, viewer.memberId, parsed.data.notificationId);
  if (!result.ok) return { done: null, failure: { notificationId, error: result.error } };
  revalidatePath("/[locale]/admin/deliveries", "page");
  return { done: { action: intent === "retry" ? "retried" : "discarded", notificationId }, failure: null };
}
