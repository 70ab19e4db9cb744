import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type NotificationAlert, silences } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import {
  type AlertmanagerApi,
  createMemberSilence,
  expireMemberSilence,
  listMemberAlerts,
} from "@/lib/monitoring/alertmanager-api";
import { ownedBy } from "@/lib/policy";
import { isOwnTarget } from "./mutations";
import { maxSilenceMs } from "./schema";

/** Matches a stored alert summary with a live Alertmanager alert: the labels the summary keeps must agree. */
function sameAlert(summary: NotificationAlert, labels: Record<string, string>): boolean {
  return (
    labels.alertname === summary.alertname &&
    (labels.target ?? null) === summary.targetId &&
    (labels.instance ?? null) === summary.instance
  );
}

/**
 * Acknowledges the still-firing alerts of a notification: one silence per alert, on exactly its labels
 * (always within the member), kept until the alert resolves (see endAcknowledgements), at most 30 days.
 * Returns how many alerts were newly acknowledged; an alert already acknowledged is left as it is.
 */
export async function acknowledgeAlerts(
  db: Db,
  am: AlertmanagerApi,
  memberId: string,
  alerts: readonly NotificationAlert[],
  now = new Date(),
): Promise<number> {
  const firing = alerts.filter((alert) => alert.status === "firing");
  if (firing.length === 0) return 0;
  const live = (await listMemberAlerts(am, memberId)).filter(
    (alert) => alert.status.state !== "unprocessed" && firing.some((summary) => sameAlert(summary, alert.labels)),
  );
  const known = live.length
    ? await db
        .select({ fingerprint: silences.alertFingerprint })
        .from(silences)
        .where(
          and(
            ownedBy(silences, memberId),
            isNull(silences.expiredAt),
            inArray(
              silences.alertFingerprint,
              live.map((a) => a.fingerprint),
            ),
          ),
        )
    : [];
  const acknowledged = new Set(known.map((row) => row.fingerprint));
  let count = 0;
  for (const alert of live) {
    if (acknowledged.has(alert.fingerprint)) continue;
    const endsAt = new Date(now.getTime() + maxSilenceMs);
    const narrowing = {
      alertname: alert.labels.alertname,
      target: alert.labels.target,
      instance: alert.labels.instance,
    };
    // The label is kept in Alertmanager's matchers; the row links the target only while it still exists.
    const target = alert.labels.target;
    const targetId = target && (await isOwnTarget(db, memberId, target)) ? target : null;
    const alertmanagerId = await createMemberSilence(am, memberId, {
      narrowing,
      startsAt: now,
      endsAt,
      comment: `ack ${alert.labels.alertname}`,
      createdBy: `vigie:ack:${memberId}`,
    });
    await db.insert(silences).values({
      id: newId("s"),
      memberId,
      targetId,
      kind: "once",
      startsAt: now,
      endsAt,
      alertFingerprint: alert.fingerprint,
      createdVia: "ack",
      alertmanagerId,
    });
    count += 1;
  }
  return count;
}

/**
 * Ends the acknowledgements whose alert is no longer firing, so its next occurrence notifies again. This is
 * polled rather than driven by the resolved webhook: Alertmanager mutes the resolved notification of a
 * silenced alert too, so that webhook never comes while the acknowledgement holds.
 */
export async function endResolvedAcknowledgements(db: Db, am: AlertmanagerApi, now = new Date()): Promise<number> {
  const open = await db
    .select({
      id: silences.id,
      memberId: silences.memberId,
      fingerprint: silences.alertFingerprint,
      alertmanagerId: silences.alertmanagerId,
    })
    .from(silences)
    .where(and(eq(silences.createdVia, "ack"), isNull(silences.expiredAt)));
  let ended = 0;
  for (const memberId of new Set(open.map((row) => row.memberId))) {
    const live = new Set((await listMemberAlerts(am, memberId)).map((alert) => alert.fingerprint));
    for (const row of open.filter((r) => r.memberId === memberId && !live.has(r.fingerprint ?? ""))) {
      if (row.alertmanagerId) await expireMemberSilence(am, memberId, row.alertmanagerId);
      await db
        .update(silences)
        .set({ expiredAt: now })
        .where(and(eq(silences.id, row.id), ownedBy(silences, memberId)));
      ended += 1;
    }
  }
  return ended;
}
