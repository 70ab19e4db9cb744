import * as z from "zod/mini";

/**
 * The dashboard as the browser gets it, from the page's first render and then from /api/dashboard: plain JSON
 * (times in seconds since the epoch), checked with this schema on the way in, so a changed route cannot feed the
 * page a shape it does not expect. A machine payload of the portal's own (labels were checked as the member typed
 * them), read with zod/mini: the page ships a third of full zod's weight.
 */
const targetState = z.enum(["up", "down", "unknown", "paused", "pending", "rejected"]);
const ratio = z.nullable(z.number().check(z.gte(0), z.lte(1)));

export const dashboardTargetViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.string(),
  address: z.string(),
  state: targetState,
  since: z.nullable(z.number()),
  unknownReason: z.nullable(z.enum(["no_probe_yet", "not_probed", "metrics_unavailable"])),
  uptime: z.object({ "24h": ratio, "7d": ratio, "30d": ratio }),
  responseMs: z.nullable(z.number()),
  certDaysLeft: z.nullable(z.number()),
  redirectStatus: z.nullable(z.number()),
  recent: z.array(z.object({ start: z.number(), end: z.number(), state: z.enum(["up", "down", "none"]) })),
  days: z.array(z.object({ start: z.number(), share: ratio })),
  incidents: z.array(
    z.object({
      cause: z.string(),
      start: z.number(),
      end: z.nullable(z.number()),
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
  points: z.array(z.object({ time: z.number(), ms: z.nullable(z.number()), down: z.boolean() })),
});
export type ResponseHistoryView = z.infer<typeof responseHistorySchema>;
