import type { Db } from "@/lib/db/client";
import { members, type Notice, type NotificationAlert, notifications } from "@/lib/db/schema";
import { newId } from "@/lib/ids";

/** An admin member, for the deliveries tests. */
export async function seedAdmin(db: Db): Promise<string> {
  const id = newId("m");
  await db.insert(members).values({ id, oidcSubject: `sub-${id}`, isAdmin: true, displayName: "Admin" });
  return id;
}

/** One outbox row in a chosen state, for a channel the caller seeded. */
export async function seedNotification(
  db: Db,
  input: {
    memberId: string;
    channelId: string;
    state: "pending" | "sent" | "dead";
    alerts?: NotificationAlert[];
    notice?: Notice;
    groupKey?: string;
    createdAt?: Date;
    lastError?: string;
  },
): Promise<string> {
  const id = newId("n");
  await db.insert(notifications).values({
    id,
    dedupeKey: id,
    memberId: input.memberId,
    channelId: input.channelId,
    groupKey: input.groupKey ?? "g",
    alertStatus: "firing",
    alerts: input.alerts ?? [],
    notice: input.notice ?? null,
    deliveryState: input.state,
    attempts: input.state === "dead" ? 7 : 0,
    lastError: input.lastError ?? (input.state === "dead" ? "matrix: HTTP 500" : null),
    createdAt: input.createdAt ?? new Date(),
  });
  return id;
}
