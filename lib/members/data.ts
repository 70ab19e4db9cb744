import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members, targets } from "@/lib/db/schema";
import { type Locale, toLocale } from "@/lib/i18n/config";
import { ownedBy } from "@/lib/policy";
import type { MemberSettings } from "./settings-schema";

export async function findMemberSettings(db: Db, memberId: string): Promise<MemberSettings | undefined> {
  const [row] = await db
    .select({
      quietHours: members.quietHours,
      repeatInterval: members.repeatInterval,
      messageRetentionDays: members.messageRetentionDays,
    })
    .from(members)
    .where(eq(members.id, memberId));
  return row;
}

export type LinkedMember = { memberId: string; channelId: string; locale: Locale };

/** The member whose verified channel is this very conversation with this account; nobody else may act in it. */
export async function findMemberOfConversation(
  db: Db,
  input: { channelType: "matrix" | "mattermost"; sender: string; roomId: string },
): Promise<LinkedMember | undefined> {
  const [row] = await db
    .select({ memberId: members.id, channelId: channels.id, locale: members.locale })
    .from(channels)
    .innerJoin(members, eq(members.id, channels.memberId))
    .where(
      and(
        eq(channels.type, input.channelType),
        eq(channels.address, input.sender),
        eq(channels.roomId, input.roomId),
        isNotNull(channels.verifiedAt),
      ),
    )
    .orderBy(asc(channels.id));
  return row ? { ...row, locale: toLocale(row.locale) } : undefined;
}

/** The member's targets in the order the portal lists them, so the numbers !status shows stay put. */
export function listTargetStatesForMember(db: Db, memberId: string) {
  return db
    .select({ id: targets.id, label: targets.label, status: targets.status, paused: targets.paused })
    .from(targets)
    .where(ownedBy(targets, memberId))
    .orderBy(asc(targets.createdAt), asc(targets.id));
}
