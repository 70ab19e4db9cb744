import { Counter, Histogram, type Registry } from "prom-client";
import { type ChannelTypeValue, channelTypes } from "@/lib/db/schema";

/**
 * One delivery attempt's result, as lib/relay/outbox/deliver.ts sees it. "sent" carries the seconds from the
 * notification's creation (intake) to this successful send; "retry" and "dead" are failed attempts, temporary
 * unless `permanent`; "dead" also means the notification was dead-lettered by this attempt.
 */
export type DeliveryRecord = {
  transport: ChannelTypeValue;
  outcome: "sent" | "retry" | "dead";
  permanent?: boolean;
  latencySeconds?: number;
};

/** One Alertmanager post, as the webhook handler answered it, and how long it took to answer. */
export type WebhookRecord = { outcome: "stored" | "duplicate" | "refused"; seconds: number };

export type Recorders = {
  recordDelivery: (record: DeliveryRecord) => void;
  recordWebhook: (record: WebhookRecord) => void;
};

// From "sent at once" to the 10 minutes after which a member would rather have phoned: alert thresholds fall
// on bucket bounds (1 s, 10 s, 1 min, 5 min).
const deliveryBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
// The intake's goal is p99 < 25 ms: finer buckets around it.
const webhookBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const failureKinds = ["temporary", "permanent"] as const;
const webhookOutcomes = ["stored", "duplicate", "refused"] as const;

/** Registers the in-process delivery and webhook metrics on `registry` and returns the functions that feed them. */
export function registerRecorders(registry: Registry): Recorders {
  const deliveryLatency = new Histogram({
    name: "vigie_delivery_latency_seconds",
    help: "Seconds from a notification's creation at intake to its successful send, by transport.",
    labelNames: ["transport"] as const,
    buckets: deliveryBuckets,
    registers: [registry],
  });
  const deliveryFailures = new Counter({
    name: "vigie_delivery_failures_total",
    help: "Failed delivery attempts by transport and kind (temporary: retried; permanent: the channel is disabled).",
    labelNames: ["transport", "kind"] as const,
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: "vigie_notifications_dead_lettered_total",
    help: "Notifications given up on (dead-lettered) by transport.",
    labelNames: ["transport"] as const,
    registers: [registry],
  });
  const webhookPosts = new Counter({
    name: "vigie_webhook_posts_total",
    help: "Alertmanager webhook posts by outcome (stored, duplicate, refused).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const webhookDuration = new Histogram({
    name: "vigie_webhook_request_duration_seconds",
    help: "Seconds the Alertmanager webhook took to answer, by outcome.",
    labelNames: ["outcome"] as const,
    buckets: webhookBuckets,
    registers: [registry],
  });

  // Counters exist at 0 from the start, so rate() and increase() see their first increment.
  for (const transport of channelTypes) {
    deadLettered.inc({ transport }, 0);
    for (const kind of failureKinds) deliveryFailures.inc({ transport, kind }, 0);
  }
  for (const outcome of webhookOutcomes) webhookPosts.inc({ outcome }, 0);

  return {
    recordDelivery({ transport, outcome, permanent, latencySeconds }) {
      if (outcome === "sent") {
        if (latencySeconds !== undefined) deliveryLatency.observe({ transport }, Math.max(0, latencySeconds));
        return;
      }
      deliveryFailures.inc({ transport, kind: permanent ? "permanent" : "temporary" });
      if (outcome === "dead") deadLettered.inc({ transport });
    },
    recordWebhook({ outcome, seconds }) {
      webhookPosts.inc({ outcome });
      webhookDuration.observe({ outcome }, Math.max(0, seconds));
    },
  };
}
