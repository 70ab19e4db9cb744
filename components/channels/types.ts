import { z } from "zod";
import { classifyDisabledReason, type DisabledReasonKind } from "@/lib/channels/disabled-reason";
import type { ChannelSummary, ChannelType, Severity } from "@/lib/channels/schema";

// Spelled out here rather than imported: the lists in lib/ come with the database schema, which the browser
// does not need. The checks below fail the type check when either side gains a value.
const channelTypeValues = ["matrix", "mattermost", "gotify", "email"] as const;
const severityValues = ["info", "warning", "critical"] as const;
const disabledKinds = [
  "matrix_removed",
  "mattermost_refused",
  "email_refused",
  "gotify_refused",
  "gotify_redirected",
  "gotify_address_refused",
  "other",
] as const;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameLists: [
  Same<(typeof channelTypeValues)[number], ChannelType>,
  Same<(typeof severityValues)[number], Severity>,
  Same<(typeof disabledKinds)[number], DisabledReasonKind>,
] = [true, true, true];
void sameLists;

const isoDate = z.iso.datetime();

/** What the browser may see of a channel (never its secret, never its conversation id), as /api/channels sends it. */
export const channelViewSchema = z.object({
  id: z.string(),
  type: z.enum(channelTypeValues),
  address: z.string(),
  state: z.enum(["verified", "pending", "disabled"]),
  minSeverity: z.enum(severityValues),
  /** When the link was made (ISO); null until verified. */
  verifiedAt: isoDate.nullable(),
  /** Set for a disabled channel: when, why in plain words, and the raw error. */
  disabled: z.object({ at: isoDate, kind: z.enum(disabledKinds), reason: z.string() }).nullable(),
  /** The newest outbox row: delivered, failed for good (with the transport's error), or waiting (maybe retrying). */
  lastDelivery: z
    .object({ state: z.enum(["pending", "sent", "dead"]), at: isoDate, error: z.string().nullable() })
    .nullable(),
});
export const channelViewsSchema = z.array(channelViewSchema);

export type ChannelView = z.infer<typeof channelViewSchema>;
export type ChannelState = ChannelView["state"];
export type LastDeliveryView = NonNullable<ChannelView["lastDelivery"]>;

type Listing = ChannelSummary & {
  disabledAt: Date | null;
  disabledReason: string | null;
  lastDelivery?: { state: LastDeliveryView["state"]; at: Date; error: string | null } | null;
};

export function toChannelView(channel: Listing): ChannelView {
  const disabled = channel.disabledAt
    ? {
        at: channel.disabledAt.toISOString(),
        kind: classifyDisabledReason(channel.type, channel.disabledReason),
        reason: channel.disabledReason ?? "",
      }
    : null;
  const last = channel.lastDelivery;
  return {
    id: channel.id,
    type: channel.type,
    address: channel.address,
    state: channel.verifiedAt !== null ? "verified" : disabled ? "disabled" : "pending",
    minSeverity: channel.minSeverity,
    verifiedAt: channel.verifiedAt?.toISOString() ?? null,
    disabled,
    lastDelivery: last ? { state: last.state, at: last.at.toISOString(), error: last.error } : null,
  };
}
