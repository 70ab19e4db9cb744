import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { alertStates, channels, members, notifications, silences, targets } from "@/lib/db/schema";
import { ownedBy } from "@/lib/policy";

export const exportFormat = "vigie-export/1";

/**
 * Everything Vigie keeps about one member, for "export my data". Left out on purpose: the OIDC subject and
 * admin flag (identity-provider internals), channel secrets, link-token and verification-send hashes (cooldowns,
 * kept an hour), who reviewed a target (another person), Alertmanager ids and the outbox's delivery bookkeeping.
 */
export async function exportMemberData(db: Db, memberId: string, now = new Date()) {
  const [member] = await db
    .select({
      id: members.id,
      displayName: members.displayName,
      email: members.email,
      locale: members.locale,
      quietHours: members.quietHours,
      repeatInterval: members.repeatInterval,
      messageRetentionDays: members.messageRetentionDays,
      createdAt: members.createdAt,
    })
    .from(members)
    .where(eq(members.id, memberId));
  if (!member) return null;

  const [ownTargets, ownChannels, ownSilences, ownNotifications, ownAlerts] = await Promise.all([
    db
      .select({
        id: targets.id,
        kind: targets.kind,
        label: targets.label,
        address: targets.address,
        status: targets.status,
        paused: targets.paused,
        reviewNote: targets.reviewNote,
        reviewedAt: targets.reviewedAt,
        createdAt: targets.createdAt,
        updatedAt: targets.updatedAt,
      })
      .from(targets)
      .where(ownedBy(targets, memberId))
      .orderBy(asc(targets.createdAt), asc(targets.id)),
    db
      .select({
        id: channels.id,
        type: channels.type,
        address: channels.address,
        roomId: channels.roomId,
        minSeverity: channels.minSeverity,
        verifiedAt: channels.verifiedAt,
        disabledAt: channels.disabledAt,
        disabledReason: channels.disabledReason,
        createdAt: channels.createdAt,
      })
      .from(channels)
      .where(ownedBy(channels, memberId))
      .orderBy(asc(channels.createdAt), asc(channels.id)),
    db
      .select({
        id: silences.id,
        targetId: silences.targetId,
        kind: silences.kind,
        startsAt: silences.startsAt,
        endsAt: silences.endsAt,
        weekly: silences.weekly,
        comment: silences.comment,
        createdVia: silences.createdVia,
        expiredAt: silences.expiredAt,
        createdAt: silences.createdAt,
      })
      .from(silences)
      .where(ownedBy(silences, memberId))
      .orderBy(asc(silences.createdAt), asc(silences.id)),
    db
      .select({
        id: notifications.id,
        channelId: notifications.channelId,
        status: notifications.alertStatus,
        alerts: notifications.alerts,
        notice: notifications.notice,
        state: notifications.deliveryState,
        createdAt: notifications.createdAt,
        sentAt: notifications.sentAt,
        redactedAt: notifications.redactedAt,
      })
      .from(notifications)
      .where(ownedBy(notifications, memberId))
      .orderBy(asc(notifications.createdAt), asc(notifications.id)),
    db
      .select({
        alertname: alertStates.alertname,
        targetId: alertStates.targetId,
        startsAt: alertStates.startsAt,
        status: alertStates.status,
        notifiedAt: alertStates.notifiedAt,
        resolvedAt: alertStates.resolvedAt,
      })
      .from(alertStates)
      .where(ownedBy(alertStates, memberId))
      .orderBy(asc(alertStates.createdAt), asc(alertStates.fingerprint)),
  ]);

  return {
    format: exportFormat,
    exportedAt: now.toISOString(),
    member,
    targets: ownTargets,
    channels: ownChannels,
    silences: ownSilences,
    notifications: ownNotifications,
    /** Each alert occurrence the member was told about, and its last known state. */
    alerts: ownAlerts,
  };
}

export type MemberExport = NonNullable<Awaited<ReturnType<typeof exportMemberData>>>;
