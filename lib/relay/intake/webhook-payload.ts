import { z } from "zod";
import { describeIssues, vigieLabelNames } from "./payload-text";

// Go's time.Time marshals with up to nanosecond precision and a zone offset; the zero time ("0001-01-01T00:00:00Z")
// stands for "no end yet" on firing alerts.
const timestamp = z.iso.datetime({ offset: true });
const labelSet = z.record(z.string(), z.string());
const alertStatus = z.enum(["firing", "resolved"]);

const alertSchema = z.object({
  status: alertStatus,
  labels: labelSet.refine((labels) => Boolean(labels.alertname), "an alert needs an alertname label"),
  annotations: labelSet.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().default(""),
  fingerprint: z.string().min(1),
});

/** The body Alertmanager (webhook_config, payload version 4) posts for one alert group. */
export const webhookPayloadSchema = z
  .object({
    version: z.literal("4"),
    status: alertStatus,
    receiver: z.string(),
    groupKey: z.string().min(1),
    truncatedAlerts: z.number().int().nonnegative().default(0),
    groupLabels: labelSet,
    commonLabels: labelSet,
    commonAnnotations: labelSet.default({}),
    externalURL: z.string().default(""),
    alerts: z.array(alertSchema).min(1),
  })
  .superRefine((payload, ctx) => {
    // Every notification belongs to exactly one member: the routes group by `member`, so a group that names
    // none, or alerts of someone else, means a routing mistake that must not leak one member's alerts to another.
    const member = payload.groupLabels.member ?? payload.commonLabels.member;
    if (!member) {
      ctx.addIssue({ code: "custom", path: ["groupLabels", "member"], message: "the group has no member label" });
      return;
    }
    payload.alerts.forEach((alert, index) => {
      if (alert.labels.member !== member) {
        ctx.addIssue({
          code: "custom",
          path: ["alerts", index, "labels", "member"],
          message: "the alerts span several members",
        });
      }
    });
  });

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = WebhookPayload["alerts"][number];

export type ParsedWebhookPayload = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

/** The names a refusal's reason may show: the schema's fields and the labels it checks, never other label names. */
const fieldNames = new Set([
  ...Object.keys(webhookPayloadSchema.shape),
  ...Object.keys(alertSchema.shape),
  ...vigieLabelNames,
]);

/** Validates a decoded JSON body; the reason names each offending field so an operator can fix the route. */
export function parseWebhookPayload(body: unknown): ParsedWebhookPayload {
  const result = webhookPayloadSchema.safeParse(body);
  if (!result.success) return { ok: false, reason: describeIssues(result.error.issues, fieldNames) };
  return { ok: true, payload: result.data };
}

/** The one member a validated group belongs to (the schema refuses groups without one). */
export function memberOfGroup(payload: WebhookPayload): string {
  return (payload.groupLabels.member ?? payload.commonLabels.member) as string;
}
