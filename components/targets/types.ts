import { z } from "zod";
import type { GuardPauseReason, TargetKindValue } from "@/lib/db/schema";

// Spelled out rather than imported: the lists in lib/db come with the database schema, which the browser does
// not need. The check below fails the type check when either side gains a value.
const kinds = ["brick", "ping", "tcp", "vps", "vpn"] as const;
const guardReasons = ["address_not_allowed", "address_is_monitoring_host"] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameLists: [
  Same<(typeof kinds)[number], TargetKindValue>,
  Same<(typeof guardReasons)[number], GuardPauseReason>,
] = [true, true];
void sameLists;

/** A target as the targets page and /api/targets show it to its member. */
export const targetViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(kinds),
  address: z.string(),
  status: z.enum(["active", "pending", "rejected"]),
  paused: z.boolean(),
  guardPauseReason: z.enum(guardReasons).nullable(),
  reviewNote: z.string().nullable(),
  /** The last probe's verdict for an approved, running target; null for a request or a paused target. */
  probe: z.enum(["up", "down", "unknown"]).nullable(),
});
export const targetViewsSchema = z.array(targetViewSchema);
export type TargetView = z.infer<typeof targetViewSchema>;

type Listing = Omit<TargetView, "kind" | "status" | "guardPauseReason"> & {
  kind: TargetKindValue;
  status: TargetView["status"];
  guardPauseReason: GuardPauseReason | null;
};

/** Only the fields the page shows: the creation date and anything added to the listing later stay server-side. */
export function toTargetView(target: Listing): TargetView {
  const { id, label, kind, address, status, paused, guardPauseReason, reviewNote, probe } = target;
  return { id, label, kind, address, status, paused, guardPauseReason, reviewNote, probe };
}

/** The word the state badge shows: the probe's for a running target, the database's otherwise. */
export function displayStateOf(target: Pick<TargetView, "status" | "paused" | "guardPauseReason" | "probe">) {
  if (target.status !== "active") return target.status;
  if (target.paused) return target.guardPauseReason ? "guardPaused" : "paused";
  return target.probe ?? "unknown";
}
export type DisplayState = ReturnType<typeof displayStateOf>;
