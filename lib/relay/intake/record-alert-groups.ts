import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db/client";
import { alertStates, channels, members, notifications } from "@/lib/db/schema";
import { alertChanges, type KnownAlertState, occurrenceKey, parseDurationMs } from "./alert-changes";
import { type Channel, type OutboxRow, outboxRows, type StateRow, stateRow, storeChanges } from "./store-changes";
import { memberOfGroup, type WebhookPayload } from "./webhook-payload";

type Recipient = { repeatIntervalMs: number; usable: Channel[] };

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
export async function recordAlertGroups(
  db: Db,
  payloads: readonly WebhookPayload[],
  now = new Date(),
): Promise<number[]> {
  return db.transaction(async (tx) => {
    const recipients = await lockRecipients(tx, payloads.map(memberOfGroup));
    // Without a channel the member is told nothing, so nothing is remembered as told either.
    const decided = payloads.filter((payload) => recipients.has(memberOfGroup(payload)));
    if (decided.length === 0) return payloads.map(() => 0);

    const known = await knownStates(tx, decided);
    const told = await channelsToldAbout(
      tx,
      decided.filter((payload) => payload.alerts.some((alert) => alert.status === "resolved")),
    );
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
  batch: {
    recipients: Map<string, Recipient>;
    known: Map<string, Map<string, KnownAlertState>>;
    told: Map<string, Set<string>>;
    now: Date;
  },
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
    .select({
      memberId: members.id,
      repeatInterval: members.repeatInterval,
      channelId: channels.id,
      minSeverity: channels.minSeverity,
    })
    .from(members)
    .innerJoin(
      channels,
      and(eq(channels.memberId, members.id), isNotNull(channels.verifiedAt), isNull(channels.disabledAt)),
    )
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
  const pairs = payloads.flatMap((payload) =>
    payload.alerts.map((alert) => [memberOfGroup(payload), alert.fingerprint] as const),
  );
  const rows = await tx
    .select({
      memberId: alertStates.memberId,
      fingerprint: alertStates.fingerprint,
      startsAt: alertStates.startsAt,
      status: alertStates.status,
      notifiedAt: alertStates.notifiedAt,
    })
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
    .selectDistinct({
      memberId: notifications.memberId,
      groupKey: notifications.groupKey,
      channelId: notifications.channelId,
    })
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
