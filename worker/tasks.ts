import { pruneVerificationSends } from "@/lib/channels/verification-cooldown";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { requestMonitoringSync } from "@/lib/monitoring/runtime";
import { pruneHandledChatEvents } from "@/lib/relay/bots/handled-events";
import { startMatrixBot } from "@/lib/relay/bots/matrix-bot";
import { startMattermostBot } from "@/lib/relay/bots/mattermost-bot";
import { sharedMatrixSessionFromEnv } from "@/lib/relay/matrix/shared-session";
import { createVanishedAlertCloser } from "@/lib/relay/sweeps/vanished-alerts";
import { createVanishedIncidentCloser } from "@/lib/relay/sweeps/vanished-incidents";
import { endResolvedAcknowledgements } from "@/lib/silences/acknowledgements";
import { alertmanagerApiFromEnv } from "@/lib/silences/alertmanager-from-env";
import { targetPolicyFromEnv } from "@/lib/targets/admission";
import { addressRecheckTask } from "./address-recheck-task";
import { keepTrying } from "./keep-trying";
import { periodicTask } from "./periodic-task";
import { redactionTask } from "./redaction-task";
import type { WorkerTask } from "./start";

/** What the worker runs next to delivery, as configured by the environment. */
export function workerTasksFromEnv(db: Db): WorkerTask[] {
  const settings = env();
  const tasks: WorkerTask[] = [
    {
      // The files on disk may predate this version or a crash: make them match the database at start.
      async start() {
        requestMonitoringSync();
        return { stop: async () => {} };
      },
    },
  ];
  // Acknowledgements (chat reactions) last until their alert resolves: this ends them then.
  const alertmanager = alertmanagerApiFromEnv();
  if (alertmanager) {
    tasks.push(periodicTask("acknowledgement sweep", () => endResolvedAcknowledgements(db, alertmanager)));
    // Alerts whose resolution Alertmanager never sends (inhibited, or a post it gave up on) are closed here.
    const closer = createVanishedAlertCloser({ db, alertmanager });
    tasks.push(periodicTask("vanished alert sweep", () => closer.sweep()));
    // Likewise for infra incidents, whose members would otherwise keep the banner and never read "ended".
    const incidentCloser = createVanishedIncidentCloser({ db, alertmanager });
    tasks.push(periodicTask("vanished incident sweep", () => incidentCloser.sweep()));
  }
  // Blackbox resolves names at each probe: a name that moved to the hub's own network since it was checked is paused.
  tasks.push(addressRecheckTask({ db, policy: targetPolicyFromEnv, sync: requestMonitoringSync }));
  // The bots' claims on chat events are kept only as long as a replayed history could bring the event back.
  tasks.push(periodicTask("handled chat event pruning", () => pruneHandledChatEvents(db), 60 * 60_000));
  // Hashed verification addresses are kept only while a cooldown reads them, even when nobody asks for a new one.
  tasks.push(periodicTask("verification send pruning", () => pruneVerificationSends(db), 60 * 60_000));
  if (settings.MATRIX_HOMESERVER_URL && settings.MATRIX_BOT_USER_ID && settings.MATRIX_BOT_ACCESS_TOKEN) {
    const matrix = {
      homeserverUrl: settings.MATRIX_HOMESERVER_URL,
      userId: settings.MATRIX_BOT_USER_ID,
      accessToken: settings.MATRIX_BOT_ACCESS_TOKEN,
    };
    // With MATRIX_BOT_PASSWORD the bot and the transport share one encrypting session, stopped after both.
    const session = sharedMatrixSessionFromEnv(settings);
    if (session) tasks.push({ start: async () => ({ stop: () => session.stop() }) });
    tasks.push(
      keepTrying("matrix-bot", { start: () => startMatrixBot(session ? { db, session } : { db, ...matrix }) }),
    );
    tasks.push(redactionTask({ db, matrix }));
  } else {
    log.warn("Matrix bot disabled: set MATRIX_HOMESERVER_URL, MATRIX_BOT_USER_ID and MATRIX_BOT_ACCESS_TOKEN");
  }
  if (settings.MATTERMOST_URL && settings.MATTERMOST_BOT_TOKEN) {
    const mattermost = { serverUrl: settings.MATTERMOST_URL, botToken: settings.MATTERMOST_BOT_TOKEN };
    tasks.push(keepTrying("mattermost-bot", { start: () => startMattermostBot({ db, ...mattermost }) }));
  }
  return tasks;
}
