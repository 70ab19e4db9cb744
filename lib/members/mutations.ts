import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels, members } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { newId } from "@/lib/ids";
import { ownedBy } from "@/lib/policy";
import type { MemberSettings } from "./settings-schema";

export type OidcIdentity = { subject: string; displayName?: string | null; email?: string | null; isAdmin: boolean };

/** First login creates the member with a fresh pseudonym; later logins refresh name, e-mail and role. */
export async function upsertMemberFromOidc(db: Db, identity: OidcIdentity) {
  const [row] = await db
    .insert(members)
    .values({
      id: newId("m"),
      oidcSubject: identity.subject,
      displayName: identity.displayName ?? null,
      email: identity.email ?? null,
      isAdmin: identity.isAdmin,
    })
    .onConflictDoUpdate({
      target: members.oidcSubject,
      set: {
        displayName: sql`excluded.display_name`,
        email: sql`excluded.email`,
        isAdmin: sql`excluded.is_admin`,
      },
    })
    .returning({ id: members.id, locale: members.locale, isAdmin: members.isAdmin });
  if (!row) throw new Error("member_upsert_failed");
  return row;
}

export async function setMemberLocale(db: Db, memberId: string, locale: Locale): Promise<void> {
  await db.update(members).set({ locale }).where(sql`${members.id} = ${memberId}`);
}

/** Saves the member's alert settings in one statement, so a refused or failed save changes nothing. */
export async function updateMemberSettings(db: Db, memberId: string, settings: MemberSettings): Promise<boolean> {
  const updated = await db
    .update(members)
    .set({
      quietHours: settings.quietHours,
      repeatInterval: settings.repeatInterval,
      messageRetentionDays: settings.messageRetentionDays,
    })
    .where(eq(members.id, memberId))
    .returning({ id: members.id });
  return updated.length > 0;
}

/** `!unlink`: the conversation stops receiving alerts; the channel stays declared so it can be linked again. */
export async function unlinkConversation(db: Db, memberId: string, channelId: string): Promise<boolean> {
  const updated = await db
    .update(channels)
    .set({ verifiedAt: null, roomId: null })
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId)))
    .returning({ id: channels.id });
  return updated.length > 0;
}
