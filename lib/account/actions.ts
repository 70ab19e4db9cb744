"use server";

import { currentViewer, signOut } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { alertmanagerApiFromEnv } from "@/lib/silences/alertmanager-from-env";
import { deleteAccount } from "./delete-account";
import { parseDeleteConfirmation, type DeleteAccountError } from "./schema";

export type DeleteAccountFormState = { status: "idle" | "invalid"; error?: DeleteAccountError; confirmation: string };

/** Deletes the caller's own account (never an id from the form), then signs them out. */
export async function deleteAccountAction(_previous: DeleteAccountFormState, form: FormData): Promise<DeleteAccountFormState> {
  const confirmation = String(form.get("confirmation") ?? "");
  const viewer = await currentViewer();
  if (!viewer) return { status: "invalid", error: "unexpected", confirmation };
  const parsed = parseDeleteConfirmation({ locale: form.get("locale"), confirmation });
  if (!parsed.ok) return { status: "invalid", error: parsed.error, confirmation };

  try {
    const result = await deleteAccount(await db(), viewer.memberId, { requestMonitoringSync, alertmanager: alertmanagerApiFromEnv() });
    log.info({ memberId: viewer.memberId, ...result }, "account deleted");
  } catch (error) {
    log.error({ err: error }, "account not deleted");
    return { status: "invalid", error: "unexpected", confirmation };
  }
  // Outside the try: signOut ends the action with a redirect, which Next.js throws.
  await signOut({ redirectTo: `/${parsed.locale}` });
  return { status: "idle", confirmation: "" };
}
