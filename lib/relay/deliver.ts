import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { loadDeliveryContext } from "./delivery-data";
import { claimDueNotifications, markFailed, markSent, type ClaimedNotification } from "./outbox";
import { renderNotification } from "./render-message";
import type { ChannelType, Transport } from "./transports/transport";
import { TransportError } from "./transports/transport-error";

export type Transports = Partial<Record<ChannelType, Transport>>;
export type DeliveryPass = { claimed: number; sent: number; retrying: number; dead: number };

/**
 * One pass of the outbox: claims due notifications, renders each in its member's language and sends it through
 * its channel's transport. The batch is sent concurrently; `limit` bounds both the batch and the concurrency.
 * The lease must outlast a send (the Matrix transport gives up after 30 s).
 */
export async function deliverDueNotifications(
  db: Db,
  options: { transports: Transports; limit?: number; leaseMs?: number; timeZone?: string },
): Promise<DeliveryPass> {
  const claimed = await claimDueNotifications(db, { limit: options.limit ?? 20, leaseMs: options.leaseMs ?? 60_000 });
  const outcomes = await Promise.all(claimed.map((row) => deliverOne(db, row, options)));
  return {
    claimed: claimed.length,
    sent: outcomes.filter((outcome) => outcome === "sent").length,
    retrying: outcomes.filter((outcome) => outcome === "retry").length,
    dead: outcomes.filter((outcome) => outcome === "dead").length,
  };
}

async function deliverOne(
  db: Db,
  row: ClaimedNotification,
  options: { transports: Transports; timeZone?: string },
): Promise<"sent" | "retry" | "dead"> {
  try {
    const context = await loadDeliveryContext(db, row);
    if (!context?.channel.verified) {
      // The member unlinked the channel after the alert was queued: sending now would reach a stranger's room.
      return await markFailed(db, row.id, "channel_not_verified", { permanent: true });
    }
    const transport = options.transports[context.channel.type];
    if (!transport) {
      // A configuration gap an admin can fix: keep retrying until the notification ages out.
      return await markFailed(db, row.id, `no_transport_for_${context.channel.type}`, { permanent: false });
    }
    const message = renderNotification({
      locale: context.locale,
      status: row.status,
      alerts: row.alerts,
      targetLabels: context.targetLabels,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    const externalId = await transport({
      notificationId: row.id,
      channel: context.channel,
      status: row.status,
      message,
      ...(context.replyTo ? { replyTo: context.replyTo } : {}),
    });
    await markSent(db, row.id, externalId);
    return "sent";
  } catch (error) {
    const failure = error instanceof TransportError ? error : new TransportError(String(error), { permanent: false, cause: error });
    const outcome = await markFailed(db, row.id, failure.message, {
      permanent: failure.permanent,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    });
    log.warn({ notificationId: row.id, attempts: row.attempts, error: failure.message, outcome }, "notification not delivered");
    return outcome;
  }
}
