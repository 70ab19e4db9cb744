import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { rankSeverity } from "@/lib/channels/schema";
import type { Tx } from "@/lib/db/client";
import type { alertStates, NotificationAlert, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { type AlertChange, occurrenceKey } from "./alert-changes";

// The rows one posted group's news becomes (what the member was told, the outbox rows), and the one statement that
// stores them; recordAlertGroups (record-alert-groups.ts) decides the news.

export type Channel = { id: string; minSeverity: string };
export type StateRow = typeof alertStates.$inferInsert;
export type OutboxRow = typeof notifications.$inferInsert & { id: string; dedupeKey: string };

export function stateRow(
  memberId: string,
  groupKey: string,
  { alert, change }: AlertChange,
  now: Date,
): StateRow & { status: "firing" | "resolved" } {
  return {
    memberId,
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt,
    status: change === "resolved" ? "resolved" : "firing",
    alertname: alert.labels.alertname as string,
    targetId: alert.labels.target ?? null,
    groupKey,
    notifiedAt: now,
    resolvedAt: change === "resolved" ? new Date(alert.endsAt) : null,
  };
}

export function outboxRows(
  memberId: string,
  groupKey: string,
  usable: Channel[],
  changes: AlertChange[],
  told: ReadonlySet<string>,
  now: Date,
): OutboxRow[] {
  if (changes.length === 0) return [];
  return usable.flatMap((channel) => {
    const wanted = changes.filter((c) => wants(channel, c, told));
    if (wanted.length === 0) return [];
    return [
      {
        id: newId("n"),
        dedupeKey: dedupeKeyFor(channel.id, wanted, now),
        memberId,
        channelId: channel.id,
        groupKey,
        alertStatus: wanted.some((c) => c.change !== "resolved") ? ("firing" as const) : ("resolved" as const),
        alerts: summariseChanges(wanted),
      },
    ];
  });
}

/**
 * News of a firing alert goes to channels whose minimum severity it reaches. Its resolution follows the firing
 * messages it closes: it goes to the channels that were told about this group, whatever the severity.
 */
function wants(channel: Channel, { alert, change }: AlertChange, told: ReadonlySet<string>): boolean {
  if (change === "resolved") return told.has(channel.id);
  return rankSeverity(alert.labels.severity) >= rankSeverity(channel.minSeverity);
}

/**
 * Remembers the states told and inserts the outbox rows a dedupe key does not already hold, in one statement;
 * returns the ids stored. Each side carries its rows as one JSON parameter, whatever the batch size: building
 * and sending a parameter per value cost more than the database's work for a storm's batches.
 */
export async function storeChanges(tx: Tx, states: StateRow[], outbox: OutboxRow[]): Promise<Set<string>> {
  if (states.length === 0 && outbox.length === 0) return new Set();
  const result = await tx.execute(sql`
    with remembered as (
      insert into alert_states (member_id, fingerprint, starts_at, status, alertname, target_id, group_key, notified_at, resolved_at)
      select member_id, fingerprint, starts_at, status, alertname, target_id, group_key, notified_at, resolved_at
      from jsonb_to_recordset(${JSON.stringify(states.map(toStateRecord))}::jsonb) as told(member_id text, fingerprint text,
        starts_at text, status text, alertname text, target_id text, group_key text, notified_at timestamptz, resolved_at timestamptz)
      on conflict (member_id, fingerprint, starts_at)
      do update set status = excluded.status, notified_at = excluded.notified_at, resolved_at = excluded.resolved_at
    )
    insert into notifications (id, dedupe_key, member_id, channel_id, group_key, alert_status, alerts)
    select id, dedupe_key, member_id, channel_id, group_key, alert_status, alerts
    from jsonb_to_recordset(${JSON.stringify(outbox.map(toOutboxRecord))}::jsonb) as queued(id text, dedupe_key text,
      member_id text, channel_id text, group_key text, alert_status text, alerts jsonb)
    on conflict (dedupe_key) do nothing
    returning id`);
  // Both drivers (node-postgres and PGlite) answer with `rows`.
  return new Set((result as unknown as { rows: { id: string }[] }).rows.map((row) => row.id));
}

const toStateRecord = (row: StateRow) => ({
  member_id: row.memberId,
  fingerprint: row.fingerprint,
  starts_at: row.startsAt,
  status: row.status,
  alertname: row.alertname,
  target_id: row.targetId,
  group_key: row.groupKey,
  notified_at: row.notifiedAt,
  resolved_at: row.resolvedAt,
});

const toOutboxRecord = (row: OutboxRow) => ({
  id: row.id,
  dedupe_key: row.dedupeKey,
  member_id: row.memberId,
  channel_id: row.channelId,
  group_key: row.groupKey,
  alert_status: row.alertStatus,
  alerts: row.alerts,
});

/**
 * The member lock already makes each change unique; the key is a second guard, and names a reminder by its
 * time since the same occurrence is reminded of again later.
 */
function dedupeKeyFor(channelId: string, changes: AlertChange[], now: Date): string {
  const parts = changes
    .map(({ alert, change }) =>
      [occurrenceKey(alert), change, change === "reminder" ? now.toISOString() : ""].join("|"),
    )
    .sort();
  return createHash("sha256")
    .update(JSON.stringify([channelId, parts]))
    .digest("hex");
}

/** A three-digit HTTP status, or nothing: the annotation is rule text and is not trusted to be a number. */
function statusCodeOf(annotation: string | undefined): { statusCode?: number } {
  return annotation !== undefined && /^[1-5][0-9]{2}$/.test(annotation) ? { statusCode: Number(annotation) } : {};
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
      ...statusCodeOf(alert.annotations.status_code),
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.alertname.localeCompare(b.alertname));
}
