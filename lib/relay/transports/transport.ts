import type { RenderedMessage } from "../outbox/render-message";

export type { ChannelType } from "@/lib/channels/schema";

import type { ChannelType } from "@/lib/channels/schema";

/** One rendered notification on its way to one channel. */
export type Delivery = {
  /** Transports that support idempotent sends use it as their idempotency key (Matrix: the txnId). */
  notificationId: string;
  /**
   * `address`: where e-mail and Gotify deliver (the member's mailbox, server URL). `secretCiphertext`: the
   * channel's sealed third-party token, opened by the transport that needs it, only at send time.
   */
  channel: { id: string; type: ChannelType; roomId: string | null; address: string; secretCiphertext: string | null };
  alertStatus: "firing" | "resolved";
  message: RenderedMessage;
  /** The external id of the message this one answers, when the transport can thread replies. */
  replyTo?: string;
};

/** Sends and returns the external message id; throws a TransportError on failure. */
export type Transport = (delivery: Delivery) => Promise<string>;

/** The transport of each channel type the worker can send to. */
export type Transports = Partial<Record<ChannelType, Transport>>;
/** The channel types whose transport can also rewrite a sent message. */
export type Editors = Partial<Record<ChannelType, MessageEditor>>;

/**
 * Rewrites a message already sent (Matrix `m.replace`, Mattermost post patch): a resolution edits the firing
 * message it closes instead of adding one more message. Returns the edit's external id; throws a TransportError.
 */
export type MessageEditor = (edit: MessageEdit) => Promise<string>;

export type MessageEdit = {
  /** Unique per edit and stable across retries (Matrix: the txnId), so a retried edit is applied once. */
  editId: string;
  channel: Delivery["channel"];
  /** The external id of the message to rewrite, as its Transport returned it. */
  externalId: string;
  /** The message's whole new content. */
  message: RenderedMessage;
};
