import { z } from "zod";
import type { ChannelTypeValue, Notice } from "@/lib/db/schema";
import { recordIdSchema } from "@/lib/text-input";

/** One dead-lettered notification as the admin page lists it. */
export type FailedDelivery = {
  id: string;
  createdAt: Date;
  memberId: string;
  memberName: string | null;
  channelType: ChannelTypeValue;
  channelAddress: string;
  /** A retry is only offered when the channel may still be used (verified, not disabled). */
  channelUsable: boolean;
  attempts: number;
  lastError: string | null;
  status: "firing" | "resolved";
  alerts: { alertname: string; status: "firing" | "resolved"; targetLabel: string | null }[];
  notice: Notice | null;
};

export type OutboxHealth = { pending: number; dead: number; oldestPendingAt: Date | null };

/** Why a retry or discard was refused (keys of the reason catalogue). */
export type DeliveryRefusal = "delivery_not_found" | "channel_unusable" | "superseded";

/** What a failed delivery's buttons send. */
export const deliveryDecisionSchema = z.object({
  notificationId: recordIdSchema,
  intent: z.enum(["retry", "discard"]),
});
