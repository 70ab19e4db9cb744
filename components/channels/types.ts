import { classifyDisabledReason, type DisabledReasonKind } from "@/lib/channels/disabled-reason";
import type { ChannelSummary, ChannelType, Severity } from "@/lib/channels/schema";

export type ChannelState = "verified" | "pending" | "disabled";

export type ChannelView = {
  id: string;
  type: ChannelType;
  address: string;
  state: ChannelState;
  minSeverity: Severity;
  /** Set for a disabled channel: when (ISO, it also travels as JSON), why in plain words, and the raw error. */
  disabled: { at: string; kind: DisabledReasonKind; reason: string } | null;
};

/** What the browser may see of a channel: never its secret, never its conversation id. */
export function toChannelView(
  channel: ChannelSummary & { disabledAt: Date | null; disabledReason: string | null },
): ChannelView {
  const disabled = channel.disabledAt
    ? {
        at: channel.disabledAt.toISOString(),
        kind: classifyDisabledReason(channel.type, channel.disabledReason),
        reason: channel.disabledReason ?? "",
      }
    : null;
  return {
    id: channel.id,
    type: channel.type,
    address: channel.address,
    state: channel.verifiedAt !== null ? "verified" : disabled ? "disabled" : "pending",
    minSeverity: channel.minSeverity,
    disabled,
  };
}
