import { z } from "zod";
import { text } from "@/lib/text-input";

/**
 * The dashboard as the browser gets it, from the page's first render and then from /api/dashboard: plain JSON
 * (times in seconds since the epoch), checked with this schema on the way in, so a changed route cannot feed the
 * page a shape it does not expect.
 */
const targetState = z.enum(["up", "down", "unknown", "paused", "pending", "rejected"]);
const ratio = z.number().min(0).max(1).nullable();

export const dashboardTargetViewSchema = z.object({
  id: text(),
  label: text(),
  kind: text(),
  address: text(),
  state: targetState,
  since: z.number().nullable(),
  unknownReason: z.enum(["no_probe_yet", "not_probed", "metrics_unavailable"]).nullable(),
  uptime: z.object({ "24h": ratio, "7d": ratio, "30d": ratio }),
  responseMs: z.number().nullable(),
  certDaysLeft: z.number().nullable(),
  redirectStatus: z.number().nullable(),
  recent: z.array(z.object({ start: z.number(), end: z.number(), state: z.enum(["up", "down", "none"]) })),
  days: z.array(z.object({ start: z.number(), share: ratio })),
  incidents: z.array(
    z.object({
      cause: text({ multiline: true }),
      start: z.number(),
      end: z.number().nullable(),
      undelivered: z.boolean(),
    }),
  ),
});

export const dashboardViewSchema = z.object({
  /** When the server read it, in milliseconds: the page's "updated at". */
  generatedAt: z.number(),
  metrics: z.enum(["available", "unavailable", "not_configured"]),
  targets: z.array(dashboardTargetViewSchema),
});

export type DashboardView = z.infer<typeof dashboardViewSchema>;
export type DashboardTargetView = z.infer<typeof dashboardTargetViewSchema>;
export type TargetStateView = DashboardTargetView["state"];

export const responseHistorySchema = z.object({
  start: z.number(),
  end: z.number(),
  step: z.number(),
  points: z.array(z.object({ time: z.number(), ms: z.number().nullable(), down: z.boolean() })),
});
export type ResponseHistoryView = z.infer<typeof responseHistorySchema>;
