import { z } from "zod";
import { describeIssues, vigieLabelNames } from "../intake/payload-text";

const timestamp = z.iso.datetime({ offset: true });
const labelSet = z.record(z.string(), z.string());

const infraAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labelSet.refine((labels) => Boolean(labels.alertname), "an alert needs an alertname label"),
  startsAt: timestamp,
  endsAt: timestamp,
  fingerprint: z.string().min(1),
});

/**
 * What Alertmanager's infra route posts (payload version 4, grouped by `infra`): every alert names its component
 * and none names a member, so a member alert routed here by mistake is refused instead of being taken for an outage.
 */
export const infraPayloadSchema = z.object({
  version: z.literal("4"),
  status: z.enum(["firing", "resolved"]),
  groupKey: z.string().min(1),
  alerts: z
    .array(
      infraAlertSchema
        .refine((alert) => Boolean(alert.labels.infra), {
          message: "an infra alert needs an infra label",
          path: ["labels", "infra"],
        })
        .refine((alert) => !alert.labels.member, {
          message: "an infra alert carries no member label",
          path: ["labels", "member"],
        }),
    )
    .min(1),
});

export type InfraPayload = z.infer<typeof infraPayloadSchema>;
export type InfraAlert = InfraPayload["alerts"][number];

/** The names a refusal's reason may show: the schema's fields and the labels it checks, never other label names. */
const fieldNames = new Set([
  ...Object.keys(infraPayloadSchema.shape),
  ...Object.keys(infraAlertSchema.shape),
  ...vigieLabelNames,
]);

export function parseInfraPayload(body: unknown): { ok: true; payload: InfraPayload } | { ok: false; reason: string } {
  const result = infraPayloadSchema.safeParse(body);
  if (result.success) return { ok: true, payload: result.data };
  return { ok: false, reason: describeIssues(result.error.issues, fieldNames) };
}
