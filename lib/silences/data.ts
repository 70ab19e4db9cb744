import "server-only";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members, notifications, silences, targets, type WeeklyWindow } from "@/lib/db/schema";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { ownedBy } from "@/lib/policy";

/** How long an ended silence stays in the list, so the member sees what just stopped. */
const recentlyEndedMs = 7 * 24 * 60 * 60_000;

export type SilenceState = "active" | "upcoming" | "recurring" | "ended";
export type ListedSilence = {
  id: string;
  kind: "once" | "weekly";
  state: SilenceState;
  targetId: string | null;
  targetLabel: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  weekly: WeeklyWindow | null;
  comment: string;
  createdVia: "portal" | "bot" | "ack";
};

function stateOf(
  row: { kind: "once" | "weekly"; startsAt: Date | null; endsAt: Date | null; expiredAt: Date | null },
  now: Date,
): SilenceState {
  if (row.expiredAt) return "ended";
  if (row.kind === "weekly") return "recurring";
  if (row.endsAt && row.endsAt <= now) return "ended";
  return row.startsAt && row.startsAt > now ? "upcoming" : "active";
}

const stateOrder: Record<SilenceState, number> = { active: 0, upcoming: 1, recurring: 2, ended: 3 };

/** The member's active, upcoming and weekly silences, then those ended in the last week; with target labels. */
export async function listSilences(db: Db, memberId: string, now = new Date()): Promise<ListedSilence[]> {
  const since = new Date(now.getTime() - recentlyEndedMs);
  const rows = await db
    .select({
      id: silences.id,
      kind: silences.kind,
      targetId: silences.targetId,
      targetLabel: targets.label,
      startsAt: silences.startsAt,
      endsAt: silences.endsAt,
      weekly: silences.weekly,
      comment: silences.comment,
      createdVia: silences.createdVia,
      expiredAt: silences.expiredAt,
    })
    .from(silences)
    .leftJoin(targets, and(eq(targets.id, silences.targetId), ownedBy(targets, memberId)))
    .where(
      and(
        ownedBy(silences, memberId),
        or(isNull(silences.expiredAt), gt(silences.expiredAt, since)),
        or(eq(silences.kind, "weekly"), gt(silences.endsAt, since)),
      ),
    )
    .orderBy(desc(silences.createdAt), desc(silences.id));
  return rows
    .map(({ expiredAt, ...row }) => ({ ...row, state: stateOf({ ...row, expiredAt }, now) }))
    .sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
}

export type AcknowledgeableNotification = {
  memberId: string;
  locale: Locale;
  status: "firing" | "resolved";
  alerts: (typeof notifications.$inferSelect)["alerts"];
};

/**
 * The notification a chat message answers, only when the person answering is the channel's own account in the
 * channel's own conversation: nobody else can acknowledge a member's alerts.
 */
export async function findNotificationToAcknowledge(
  db: Db,
  input: { externalId: string; roomId: string; sender: string; channelType: "matrix" | "mattermost" },
): Promise<AcknowledgeableNotification | undefined> {
  const [row] = await db
    .select({
      memberId: notifications.memberId,
      locale: members.locale,
      status: notifications.alertStatus,
      alerts: notifications.alerts,
    })
    .from(notifications)
    .innerJoin(channels, and(eq(channels.id, notifications.channelId), eq(channels.memberId, notifications.memberId)))
    .innerJoin(members, eq(members.id, notifications.memberId))
    .where(
      and(
        eq(notifications.externalId, input.externalId),
        eq(channels.type, input.channelType),
        eq(channels.roomId, input.roomId),
        eq(channels.address, input.sender),
      ),
    );
  return row ? { ...row, locale: toLocale(row.locale) } : undefined;
}
