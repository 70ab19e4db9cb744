"use server";

import { memberFormAction } from "@/lib/action";
import { refuse } from "@/lib/action-result";
import { signOut } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { alertmanagerApiFromEnv } from "@/lib/silences/alertmanager-from-env";
import { deleteAccount } from "./delete-account";
import { parseDeleteConfirmation } from "./schema";

/** Deletes the caller's own account (never an id from the form), then signs them out. */
export const deleteAccountAction = memberFormAction({
  input: (form) =>
    parseDeleteConfirmation({ locale: form.get("locale"), confirmation: String(form.get("confirmation") ?? "") }),
  typed: (form) => ({ confirmation: String(form.get("confirmation") ?? "") }),
  run: async (locale, scope) => {
    try {
      const result = await deleteAccount(await db(), scope.memberId, {
        requestMonitoringSync,
        alertmanager: alertmanagerApiFromEnv(),
      });
      log.info({ memberId: scope.memberId, ...result }, "account deleted");
    } catch (error) {
      log.error({ err: error }, "account not deleted");
      return refuse("unexpected_nothing_deleted");
    }
    // Outside the try: signOut ends the action with a redirect, which Next.js throws.
    await signOut({ redirectTo: `/${locale}` });
    return { ok: true };
  },
});
