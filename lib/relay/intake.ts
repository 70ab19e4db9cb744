import { createHash } from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { rankSeverity } from "@/lib/channels/schema";
import type { Db } from "@/lib/db/client";
import { alertStates, channels, members, notifications, type NotificationAlert } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { alertChanges, occurrenceKey, parseDurationMs, type AlertChange, type KnownAlertState } from "./alert-changes";
import { memberOfGroup, type WebhookPayload } from "./webhook-payload";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Channel = { id: string; minSeverity: string };

/**
 * Turns a posted group into outbox rows: one per channel of the member that wants the group's changes, carrying
 * only what changed (see `alertChanges`). The member's row is locked for the transaction, so posts of the same
 * group by two clustered peers are decided one after the other and the second finds nothing new. Returns how
 * many rows were stored.
 */
export async function recordAlertGroup(db: Db, payload: WebhookPayload, now = new Date()): Promise<number> {
  const memberId = memberOfGroup(payload);
  return db.transaction(async (tx) => {
    const found = await memberWithUsableChannels(tx, memberId);
    // Without a channel the member is told nothing, so nothing is remembered as told either.
    if (!found) return 0;
    const { repeatInterval, usable } = found;

    const known = await knownStates(tx, memberId, payload);
    const changes = alertChanges(payload.alerts, known, { now, repeatIntervalMs: parseDurationMs(repeatInterval) });
    if (changes.length === 0) return 0;
    await rememberChanges(tx, memberId, payload.groupKey, changes, now);

    const told = changes.some((c) => c.change === "resolved") ? await channelsToldAbout(tx, memberId, payload.groupKey) : new Set<string>();
    const rows = usable.flatMap((channel) => {
      const wanted = changes.filter((c) => wants(channel, c, told));
      if (wanted.length === 0) return [];
      return [
        {
          id: newId("n"),
          dedupeKey: dedupeKeyFor(channel.id, wanted, now),
          memberId,
          channelId: channel.id,
          groupKey: payload.groupKey,
          status: wanted.some((c) => c.change !== "resolved") ? ("firing" as const) : ("resolved" as const),
          alerts: summariseChanges(wanted),
        },
      ];
    });
    if (rows.length === 0) return 0;
    const stored = await tx.insert(notifications).values(rows).onConflictDoNothing({ target: notifications.dedupeKey }).returning({ id: notifications.id });
    return stored.length;
  });
}

/**
 * The member's repeat interval and usable channels (verified, not disabled), in one round trip that also locks
 * the member's row (`no key update` still lets other transactions insert rows referencing the member).
 */
async function memberWithUsableChannels(tx: Tx, memberId: string): Promise<{ repeatInterval: string; usable: Channel[] } | undefined> {
  const rows = await tx
    .select({ repeatInterval: members.repeatInterval, channelId: channels.id, minSeverity: channels.minSeverity })
    .from(members)
    .innerJoin(channels, and(eq(channels.memberId, members.id), isNotNull(channels.verifiedAt), isNull(channels.disabledAt)))
    .where(eq(members.id, memberId))
    .for("no key update", { of: members });
  const [first] = rows;
  if (!first) return undefined;
  return { repeatInterval: first.repeatInterval, usable: rows.map((row) => ({ id: row.channelId, minSeverity: row.minSeverity })) };
}

/**
 * News of a firing alert goes to channels whose minimum severity it reaches. Its resolution follows the firing
 * messages it closes: it goes to the channels that were told about this group, whatever the severity.
 */
function wants(channel: Channel, { alert, change }: AlertChange, told: ReadonlySet<string>): boolean {
  if (change === "resolved") return told.has(channel.id);
  return rankSeverity(alert.labels.severity) >= rankSeverity(channel.minSeverity);
}

async function knownStates(tx: Tx, memberId: string, payload: WebhookPayload): Promise<Map<string, KnownAlertState>> {
  const fingerprints = [...new Set(payload.alerts.map((alert) => alert.fingerprint))];
  const rows = await tx
    .select({ fingerprint: alertStates.fingerprint, startsAt: alertStates.startsAt, status: alertStates.status, notifiedAt: alertStates.notifiedAt })
    .from(alertStates)
    .where(and(eq(alertStates.memberId, memberId), inArray(alertStates.fingerprint, fingerprints)));
  return new Map(rows.map((row) => [occurrenceKey(row), { status: row.status, notifiedAt: row.notifiedAt }]));
}

async function rememberChanges(tx: Tx, memberId: string, groupKey: string, changes: AlertChange[], now: Date): Promise<void> {
  await tx
    .insert(alertStates)
    .values(
      changes.map(({ alert, change }) => ({
        memberId,
        fingerprint: alert.fingerprint,
        startsAt: alert.startsAt,
        status: change === "resolved" ? ("resolved" as const) : ("firing" as const),
        alertname: alert.labels.alertname as string,
        targetId: alert.labels.target ?? null,
        groupKey,
        notifiedAt: now,
        resolvedAt: change === "resolved" ? new Date(alert.endsAt) : null,
      })),
    )
    .onConflictDoUpdate({
      target: [alertStates.memberId, alertStates.fingerprint, alertStates.startsAt],
      set: { status: sql`excluded.status`, notifiedAt: sql`excluded.notified_at`, resolvedAt: sql`excluded.resolved_at` },
    });
}

async function channelsToldAbout(tx: Tx, memberId: string, groupKey: string): Promise<Set<string>> {
  const rows = await tx
    .selectDistinct({ channelId: notifications.channelId })
    .from(notifications)
    .where(and(eq(notifications.memberId, memberId), eq(notifications.groupKey, groupKey), eq(notifications.status, "firing")));
  return new Set(rows.map((row) => row.channelId));
}

/**
 * The member lock already makes each change unique; the key is a second guard, and names a reminder by its
 * time since the same occurrence is reminded of again later.
 */
function dedupeKeyFor(channelId: string, changes: AlertChange[], now: Date): string {
  const parts = changes
    .map(({ alert, change }) => [occurrenceKey(alert), change, change === "reminder" ? now.toISOString() : ""].join("|"))
    .sort();
  return createHash("sha256").update(JSON.stringify([channelId, parts])).digest("hex");
}

/** What the message needs, and no more: labels beyond these never reach the outbox. */
function summariseChanges(changes: AlertChange[]): NotificationAlert[] {
  return changes
    .map(({ alert, change }) => ({
      alertname: alert.labels.alertname as string,
      status: alert.status,
      severity: alert.labels.severity ?? null,
      targetId: alert.labels.target ?? null,
      instance: alert.labels.instance ?? null,
      summary: alert.annotations.summary ?? null,
      startsAt: alert.startsAt,
      fingerprint: alert.fingerprint,
      ...(change === "reminder" ? { reminder: true } : {}),
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.alertname.localeCompare(b.alertname));
}
