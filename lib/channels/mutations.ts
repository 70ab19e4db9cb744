import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { channels } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { checkMemberQuota } from "@/lib/members/quota";
import { ownedBy } from "@/lib/policy";
import { addressOf, type ChannelInput, type Severity } from "./schema";

export type CreateChannelResult =
  | { ok: true; channelId: string; created: boolean }
  /** The member already has `limit` channels: they delete one or ask an admin. */
  | { ok: false; reason: "channel_quota_reached"; limit: number };

/**
 * Declares a channel of any type. Declaring the same (type, address) again returns the existing channel with
 * the new minimum severity; for Gotify the new token replaces the old one and the channel must be verified
 * again, since the token decides where alerts go. `sealSecret` encrypts the Gotify token for the new row's id.
 * A new channel past the member's quota (`maxChannels`, passed by the action from MEMBER_MAX_CHANNELS) is refused;
 * an existing one is always updated.
 */
export async function createChannel(
  db: Db,
  memberId: string,
  input: ChannelInput,
  options: { maxChannels: number; sealSecret?: (secret: string, channelId: string) => string },
): Promise<CreateChannelResult> {
  const { maxChannels, sealSecret } = options;
  const address = addressOf(input);
  const id = newId("c");
  const secretFor = (channelId: string) => {
    if (input.type !== "gotify") return null;
    if (!sealSecret) throw new Error("secret_key_missing");
    return sealSecret(input.appToken, channelId);
  };
  return db.transaction(async (tx): Promise<CreateChannelResult> => {
    // Taken first: it holds the member's row lock, so no concurrent creation of theirs runs between count and insert.
    const quota = await checkMemberQuota(tx, memberId, "channels", maxChannels);
    const [existing] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(ownedBy(channels, memberId), eq(channels.type, input.type), eq(channels.address, address)));
    if (!existing) {
      if (!quota.ok) return { ok: false, reason: "channel_quota_reached", limit: quota.limit };
      await tx.insert(channels).values({
        id,
        memberId,
        type: input.type,
        address,
        minSeverity: input.minSeverity,
        secretCiphertext: secretFor(id),
      });
      return { ok: true, channelId: id, created: true };
    }
    const renewed = input.type === "gotify" ? { secretCiphertext: secretFor(existing.id), verifiedAt: null } : {};
    await tx
      .update(channels)
      .set({ minSeverity: input.minSeverity, ...renewed })
      .where(and(eq(channels.id, existing.id), ownedBy(channels, memberId)));
    return { ok: true, channelId: existing.id, created: false };
  });
}

/** Changes which alerts a channel receives; another member's id changes nothing. */
export async function setChannelMinSeverity(
  db: Db,
  memberId: string,
  channelId: string,
  minSeverity: Severity,
): Promise<boolean> {
  const updated = await db
    .update(channels)
    .set({ minSeverity })
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId)))
    .returning({ id: channels.id });
  return updated.length > 0;
}

/** Deletes one of the member's channels (its link tokens go with it); another member's id deletes nothing. */
export async function deleteChannel(db: Db, memberId: string, channelId: string): Promise<boolean> {
  const deleted = await db
    .delete(channels)
    .where(and(eq(channels.id, channelId), ownedBy(channels, memberId)))
    .returning({ id: channels.id });
  return deleted.length > 0;
}
