import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { type AlertmanagerApi, expireMemberSilence, listMemberSilences } from "@/lib/monitoring/alertmanager-api";
import { deleteMember } from "./mutations";

export type DeleteAccountDeps = {
  requestMonitoringSync: () => void;
  /** Null when no Alertmanager is configured. */
  alertmanager: AlertmanagerApi | null;
};

export type DeleteAccountResult = { deleted: boolean; silencesExpired: number; silencesFailed: number };

/**
 * Deletes the member's data, then makes the monitoring follow: the next sync drops their probes and routes, and
 * their silences still in Alertmanager (made in the portal, by the bot or by acknowledgement) are expired.
 * Alertmanager trouble does not undo the deletion: the data is gone, and a silence matching a member without
 * routes mutes nothing anyone receives.
 */
export async function deleteAccount(db: Db, memberId: string, deps: DeleteAccountDeps): Promise<DeleteAccountResult> {
  const deleted = await deleteMember(db, memberId);
  if (!deleted) return { deleted, silencesExpired: 0, silencesFailed: 0 };
  deps.requestMonitoringSync();
  if (!deps.alertmanager) return { deleted, silencesExpired: 0, silencesFailed: 0 };
  const api = deps.alertmanager;

  let silencesExpired = 0;
  let silencesFailed = 0;
  try {
    const live = (await listMemberSilences(api, memberId)).filter((silence) => silence.status.state !== "expired");
    for (const silence of live) {
      try {
        if (await expireMemberSilence(api, memberId, silence.id)) silencesExpired += 1;
      } catch (error) {
        silencesFailed += 1;
        log.warn({ err: error, silenceId: silence.id }, "could not expire a deleted member's silence");
      }
    }
  } catch (error) {
    silencesFailed += 1;
    log.warn({ err: error }, "could not list a deleted member's silences");
  }
  return { deleted, silencesExpired, silencesFailed };
}
