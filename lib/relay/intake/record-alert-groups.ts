import { createHash } from "node:crypto";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { rankSeverity } from "@/lib/channels/schema";
import type { Db } from "@/lib/db/client";
import { alertStates, channels, members, notifications, type NotificationAlert } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { alertChanges, occurrenceKey, parseDurationMs, type AlertChange, type KnownAlertState } from "./alert-changes";
import { memberOfGroup, type WebhookPayload } from "./webhook-payload";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Channel = { id: string; minSeverity: string };
type Recipient = { repeatIntervalMs: number; usable: Channel[] };
type StateRow = typeof alertStates.$inferInsert;
type OutboxRow = typeof notifications.$inferInsert & { id: string; dedupeKey: string };

/** Records one posted group; see `recordAlertGroups`. */
export async function recordAlertGroup(db: Db, payload: WebhookPayload, now = new Date()): Promise<number> {
  const [stored] = await recordAlertGroups(db, [payload], now);
  return stored ?? 0;
}

/**
 * Turns posted groups into outbox rows, in one transaction: for each group, one row per channel of the member
 * that wants the group's changes, carrying only what changed (see `alertChanges`). The members' rows are locked
 * for the transaction (in id order, so concurrent batches cannot deadlock), so posts of the same group by two
 * clustered peers are decided one after the other and the second finds nothing new; within a batch the groups
 * are decided in order against what the earlier ones told. Returns how many rows each group stored.
 */
export async function recordAlertGroups(db: Db, payloads: readonly WebhookPayload[], now = new Date()): Promise<number[]> {
  return db.transaction(async (tx) => {
    const recipients = await lockRecipients(tx, payloads.map(memberOfGroup));
    // Without a channel the member is told nothing, so nothing is remembered as told either.
    const decided = payloads.filter((payload) => recipients.has(memberOfGroup(payload)));
    if (decided.length === 0) return payloads.map(() => 0);

    const known = await knownStates(tx, decided);
    const told = await channelsToldAbout(tx, decided.filter((payload) => payload.alerts.some((alert) => alert.status === "resolved")));
    const { states, rowsByPost } = decideGroups(payloads, { recipients, known, told, now });
    const stored = await storeChanges(tx, states, rowsByPost.flat());
    return rowsByPost.map((rows) => rows.filter((row) => stored.has(row.id)).length);
  });
}

/**
 * Decides each group in posting order, updating `known` and `told` as it goes, so a group sees what the earlier
 * groups of its batch told (the peer's copy finds nothing new; a resolution finds the firing message's channels).
 */
function decideGroups(
  payloads: readonly WebhookPayload[],
  batch: { recipients: Map<string, Recipient>; known: Map<string, Map<string, KnownAlertState>>; told: Map<string, Set<string>>; now: Date },
): { states: StateRow[]; rowsByPost: OutboxRow[][] } {
  const { recipients, known, told, now } = batch;
  const states = new Map<string, StateRow>();
  const rowsByPost = payloads.map((payload): OutboxRow[] => {
    const memberId = memberOfGroup(payload);
    const recipient = recipients.get(memberId);
    if (!recipient) return [];
    const memberKnown = known.get(memberId) ?? new Map<string, KnownAlertState>();
    known.set(memberId, memberKnown);
    const changes = alertChanges(payload.alerts, memberKnown, { now, repeatIntervalMs: recipient.repeatIntervalMs });
    for (const change of changes) {
      const row = stateRow(memberId, payload.groupKey, change, now);
      states.set(`${memberId}\n${occurrenceKey(change.alert)}`, row);
      memberKnown.set(occurrenceKey(change.alert), { status: row.status, notifiedAt: now });
    }
    const toldKey = `${memberId}\n${payload.groupKey}`;
    const toldChannels = told.get(toldKey) ?? new Set<string>();
    told.set(toldKey, toldChannels);
    const rows = outboxRows(memberId, payload.groupKey, recipient.usable, changes, toldChannels, now);
    for (const row of rows) if (row.alertStatus === "firing") toldChannels.add(row.channelId);
    return rows;
  });
  return { states: [...states.values()], rowsByPost };
}

/**
 * The members' repeat intervals and usable channels (verified, not disabled), in one round trip that also locks
 * their rows (`no key update` still lets other transactions insert rows referencing them).
 */
async function lockRecipients(tx: Tx, memberIds: string[]): Promise<Map<string, Recipient>> {
  const ids = sql.param([...new Set(memberIds)]);
  const rows = await tx
    .select({ memberId: members.id, repeatInterval: members.repeatInterval, channelId: channels.id, minSeverity: channels.minSeverity })
    .from(members)
    .innerJoin(channels, and(eq(channels.memberId, members.id), isNotNull(channels.verifiedAt), isNull(channels.disabledAt)))
    // Both sides filtered, so the planner can take the channels by index rather than hash all of them.
    .where(and(sql`${members.id} = any(${ids}::text[])`, sql`${channels.memberId} = any(${ids}::text[])`))
    .orderBy(members.id, channels.id)
    .for("no key update", { of: members });
  const recipients = new Map<string, Recipient>();
  for (const row of rows) {
    let recipient = recipients.get(row.memberId);
    if (!recipient) {
      recipient = { repeatIntervalMs: parseDurationMs(row.repeatInterval), usable: [] };
      recipients.set(row.memberId, recipient);
    }
    recipient.usable.push({ id: row.channelId, minSeverity: row.minSeverity });
  }
  return recipients;
}

/** What each member was told about the posted occurrences, by member then occurrence. */
async function knownStates(tx: Tx, payloads: WebhookPayload[]): Promise<Map<string, Map<string, KnownAlertState>>> {
  const pairs = payloads.flatMap((payload) => payload.alerts.map((alert) => [memberOfGroup(payload), alert.fingerprint] as const));
  const rows = await tx
    .select({ memberId: alertStates.memberId, fingerprint: alertStates.fingerprint, startsAt: alertStates.startsAt, status: alertStates.status, notifiedAt: alertStates.notifiedAt })
    .from(alertStates)
    .where(
      sql`(${alertStates.memberId}, ${alertStates.fingerprint}) in (select * from unnest(${sql.param(pairs.map(([memberId]) => memberId))}::text[], ${sql.param(pairs.map(([, fingerprint]) => fingerprint))}::text[]))`,
    );
  const known = new Map<string, Map<string, KnownAlertState>>();
  for (const row of rows) {
    const memberKnown = known.get(row.memberId) ?? new Map<string, KnownAlertState>();
    memberKnown.set(occurrenceKey(row), { status: row.status, notifiedAt: row.notifiedAt });
    known.set(row.memberId, memberKnown);
  }
  return known;
}

/** The channels each member was sent a firing message about each group, by `member\ngroupKey`. */
async function channelsToldAbout(tx: Tx, payloads: WebhookPayload[]): Promise<Map<string, Set<string>>> {
  const told = new Map<string, Set<string>>();
  if (payloads.length === 0) return told;
  const rows = await tx
    .selectDistinct({ memberId: notifications.memberId, groupKey: notifications.groupKey, channelId: notifications.channelId })
    .from(notifications)
    .where(
      and(
        sql`(${notifications.memberId}, ${notifications.groupKey}) in (select * from unnest(${sql.param(payloads.map(memberOfGroup))}::text[], ${sql.param(payloads.map((payload) => payload.groupKey))}::text[]))`,
        eq(notifications.alertStatus, "firing"),
      ),
    );
  for (const row of rows) {
    const key = `${row.memberId}\n${row.groupKey}`;
    const channelIds = told.get(key) ?? new Set<string>();
    channelIds.add(row.channelId);
    told.set(key, channelIds);
  }
  return told;
}

function stateRow(memberId: string, groupKey: string, { alert, change }: AlertChange, now: Date): StateRow & { status: "firing" | "resolved" } {
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

function outboxRows(memberId: string, groupKey: string, usable: Channel[], changes: AlertChange[], told: ReadonlySet<string>, now: Date): OutboxRow[] {
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
async function storeChanges(tx: Tx, states: StateRow[], outbox: OutboxRow[]): Promise<Set<string>> {
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
    .map(({ alert, change }) => [occurrenceKey(alert), change, change === "reminder" ? now.toISOString() : ""].join("|"))
    .sort();
  return createHash("sha256").update(JSON.stringify([channelId, parts])).digest("hex");
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
