import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { recordDelivery } from "@/lib/metrics/registry";
import type { Editors, Transport, Transports } from "../transports/transport";
import { TransportError } from "../transports/transport-error";
import { disableChannel } from "./channel-failure";
import { type DeliveryContext, findFiringMessage, loadDeliveryContext } from "./delivery-context";
import { RateGate, rateKeyOf } from "./rate-gate";
import { renderNotification } from "./render-message";
import { renderNotice } from "./render-notice";
import { alertsAsTheyStand, findAnnouncingMessages, resolutionsNotAnnounced } from "./resolution-edits";
import { type ClaimedNotification, claimDueNotifications, markFailed, markSent, postpone, renewLeases } from "./rows";

export type DeliveryPass = { claimed: number; sent: number; retrying: number; dead: number; postponed: number };
export type DeliveryOptions = {
  transports: Transports;
  /** Transports that can rewrite a sent message: a resolution then edits the firing message it closes. */
  editors?: Editors;
  /** Shared by the passes of one worker: servers that asked to slow down. */
  rateGate?: RateGate;
  limit?: number;
  leaseMs?: number;
  timeZone?: string;
  /** The portal's address, for links in notices. */
  publicUrl?: string;
};
type Outcome = "sent" | "retry" | "dead" | "postponed";

/**
 * One pass of the outbox: claims due notifications, renders each in its member's language and sends it through
 * its channel's transport. The batch is sent concurrently; `limit` bounds both the batch and the concurrency.
 *
 * A claimed row is leased for `leaseMs` (15 s by default). A single send may take longer (the Matrix transport
 * gives up after 30 s) and so may the pass (sends rate-limited by one server queue behind each other), so a
 * heartbeat renews the lease of the rows still in hand every third of a lease: the lease need only outlast the
 * worker, not the slowest send, and the rows of a worker killed mid-pass come back to the others within one lease.
 */
export async function deliverDueNotifications(db: Db, options: DeliveryOptions): Promise<DeliveryPass> {
  const leaseMs = options.leaseMs ?? 15_000;
  const claimed = await claimDueNotifications(db, { limit: options.limit ?? 50, leaseMs });
  const heartbeat = startLeaseHeartbeat(db, claimed, leaseMs);
  // Settled, not Promise.all: on an error the heartbeat must keep covering the sends still running.
  const settled = await Promise.allSettled(
    claimed.map(async (row) => {
      const outcome = await deliverOne(db, row, options);
      heartbeat.release(row.id);
      return outcome;
    }),
  );
  await heartbeat.stop();
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  const outcomes = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const count = (outcome: Outcome) => outcomes.filter((one) => one === outcome).length;
  return {
    claimed: claimed.length,
    sent: count("sent"),
    retrying: count("retry"),
    dead: count("dead"),
    postponed: count("postponed"),
  };
}

/**
 * Renews the leases of the rows a pass still holds, every third of a lease so that one late or failed renewal
 * does not lose them. A failed renewal (a database hiccup) only logs: the next tick tries again, and the sends
 * go on either way. `stop()` waits for a renewal in flight, so none outlives its pass.
 */
function startLeaseHeartbeat(db: Db, claimed: readonly ClaimedNotification[], leaseMs: number) {
  const held = new Set(claimed.map((row) => row.id));
  let inFlight: Promise<void> | undefined;
  const renew = async () => {
    try {
      await renewLeases(db, [...held], leaseMs);
    } catch (error) {
      log.warn({ err: error, rows: held.size }, "notification leases not renewed");
    } finally {
      inFlight = undefined;
    }
  };
  const timer =
    held.size === 0
      ? undefined
      : setInterval(() => {
          if (!inFlight && held.size > 0) inFlight = renew();
        }, leaseMs / 3);
  return {
    release: (id: string) => held.delete(id),
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

async function deliverOne(db: Db, row: ClaimedNotification, options: DeliveryOptions): Promise<Outcome> {
  const context = await loadDeliveryContext(db, row);
  if (!context?.channel.verified) {
    // The member unlinked the channel after the alert was queued: sending now would reach a stranger's room.
    return markFailed(db, row.id, "channel_not_verified", { permanent: true });
  }
  const type = context.channel.type;
  const transport = options.transports[type];
  if (!transport) {
    // A configuration gap an admin can fix: keep retrying until the notification ages out.
    return markFailed(db, row.id, `no_transport_for_${type}`, { permanent: false });
  }
  const rateKey = rateKeyOf(context.channel);
  const reopensAt = options.rateGate?.reopensAt(rateKey, new Date());
  if (reopensAt) {
    await postpone(db, row.id, reopensAt);
    return "postponed";
  }
  try {
    const externalId = await send(db, row, context, transport, options);
    await markSent(db, row.id, externalId);
    recordDelivery({ transport: type, outcome: "sent", latencySeconds: (Date.now() - row.createdAt.getTime()) / 1000 });
    return "sent";
  } catch (error) {
    const failure =
      error instanceof TransportError ? error : new TransportError(String(error), { permanent: false, cause: error });
    if (failure.retryAfterMs !== undefined) options.rateGate?.close(rateKey, Date.now() + failure.retryAfterMs);
    const outcome = await markFailed(db, row.id, failure.message, {
      permanent: failure.permanent,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    });
    if (failure.permanent && !failure.keepsChannel) {
      await disableChannel(db, { channelId: row.channelId, memberId: row.memberId, reason: failure.message });
    }
    recordDelivery({ transport: type, outcome, permanent: failure.permanent });
    log.warn(
      { notificationId: row.id, attempts: row.attempts, error: failure.message, outcome },
      "notification not delivered",
    );
    return outcome;
  }
}

/**
 * Sends the row and returns its external id. Resolutions edit the messages that announced them where the
 * transport can edit; what is left (new alerts, resolutions nobody announced here) goes in one new message, which
 * answers the group's firing message where the transport threads replies.
 */
async function send(
  db: Db,
  row: ClaimedNotification,
  context: DeliveryContext,
  transport: Transport,
  options: DeliveryOptions,
): Promise<string> {
  const render = (alerts: ClaimedNotification["alerts"]) =>
    renderNotification({
      locale: context.locale,
      alerts,
      targetLabels: context.targetLabels,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
  const delivery = { notificationId: row.id, channel: context.channel, alertStatus: row.alertStatus };
  if (row.notice) {
    const message = renderNotice({
      locale: context.locale,
      notice: row.notice,
      targetLabels: context.targetLabels,
      publicUrl: options.publicUrl ?? "http://localhost",
    });
    return transport({ ...delivery, message });
  }

  const editor = options.editors?.[context.channel.type];
  const announcing = editor ? await findAnnouncingMessages(db, row) : [];
  const editIds: string[] = [];
  for (const [index, announced] of announcing.entries()) {
    const message = render(await alertsAsTheyStand(db, row.memberId, announced.alerts));
    editIds.push(
      await editor!({
        editId: `${row.id}.${index}`,
        channel: context.channel,
        externalId: announced.externalId,
        message,
      }),
    );
  }
  const rest = [
    ...row.alerts.filter((alert) => alert.status === "firing"),
    ...resolutionsNotAnnounced(row, announcing),
  ];
  if (rest.length === 0 && editIds[0]) return editIds[0];
  // Looked up only here: a resolution that edited its firing message answers nothing.
  const replyTo = rest.every((alert) => alert.status === "resolved") ? await findFiringMessage(db, row) : undefined;
  return transport({ ...delivery, message: render(rest), ...(replyTo ? { replyTo } : {}) });
}
