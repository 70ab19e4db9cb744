import type { Db } from "@/lib/db/client";
import { channels, members, targets } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { newId } from "@/lib/ids";

/** A member with one brick; ids are fresh so test files can share a database server. */
export async function seedMember(db: Db, options: { locale?: Locale; targetLabel?: string } = {}) {
  const memberId = newId("m");
  const targetId = newId("t");
  await db.insert(members).values({ id: memberId, oidcSubject: `sub-${memberId}`, locale: options.locale ?? "fr" });
  await db.insert(targets).values({
    id: targetId,
    memberId,
    kind: "brick",
    label: options.targetLabel ?? "Ma brique",
    address: "https://brick.example.org/",
  });
  return { memberId, targetId };
}

/** A Matrix channel; verified (usable for alerts) unless told otherwise. */
export async function seedMatrixChannel(
  db: Db,
  memberId: string,
  options: { roomId?: string; verified?: boolean } = {},
): Promise<string> {
  const id = newId("c");
  await db.insert(channels).values({
    id,
    memberId,
    type: "matrix",
    address: `@${id}:example.org`,
    roomId: options.roomId ?? `!${id}:example.org`,
    verifiedAt: options.verified === false ? null : new Date(),
  });
  return id;
}
