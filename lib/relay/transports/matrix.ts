import { HTTPError, MatrixError } from "matrix-js-sdk";
import { type MatrixSessionSource, sendRoomEvent } from "@/lib/relay/matrix/send-event";
import { createMatrixApi, type MatrixApi } from "@/lib/relay/matrix/session";
import type { RenderedMessage } from "../outbox/render-message";
import type { MessageEditor, Transport } from "./transport";
import { TransportError } from "./transport-error";

export { createMatrixApi };

export type MatrixTransportConfig = {
  homeserverUrl: string;
  accessToken: string;
  /** A send that hangs longer than this is retried later (same txnId, so never shown twice). */
  timeoutMs?: number;
  /** The encrypting session (MATRIX_BOT_PASSWORD): without it every room is sent to in plain. */
  session?: MatrixSessionSource;
};

export type MatrixMessage = {
  roomId: string;
  /** The notification id: the homeserver answers a repeated txnId with the first event instead of a new one. */
  txnId: string;
  body: string;
  formattedBody: string;
  /** Event id of the message this one answers (a resolved group answers its firing message). */
  replyTo?: string;
};

type Target = { api: MatrixApi; session?: MatrixSessionSource };

/** Sends one message (encrypted in an encrypted room, when a session is given); returns the event id. */
export async function sendMatrixMessage(
  target: Target | MatrixTransportConfig,
  message: MatrixMessage,
): Promise<string> {
  const content: Record<string, unknown> = messageContent(message);
  if (message.replyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: message.replyTo } };
  return sendAs(target, { roomId: message.roomId, txnId: message.txnId, type: "m.room.message", content });
}

/**
 * Rewrites `eventId` with an `m.replace` edit: clients show `m.new_content` in place of the original; the
 * top-level body, prefixed with "* ", is the fallback of clients that do not understand edits.
 */
export async function editMatrixMessage(
  target: Target | MatrixTransportConfig,
  edit: { roomId: string; txnId: string; eventId: string; message: RenderedMessage },
): Promise<string> {
  const newContent = messageContent(edit.message);
  const content = {
    ...messageContent({ body: `* ${edit.message.body}`, formattedBody: `* ${edit.message.formattedBody}` }),
    "m.new_content": newContent,
    "m.relates_to": { rel_type: "m.replace", event_id: edit.eventId },
  };
  return sendAs(target, { roomId: edit.roomId, txnId: edit.txnId, type: "m.room.message", content });
}

// m.text rather than the bots' usual m.notice: the default push rule `.m.rule.suppress_notices` would mute the
// alert on the member's phone.
function messageContent(message: { body: string; formattedBody: string }): Record<string, unknown> {
  return {
    msgtype: "m.text",
    body: message.body,
    format: "org.matrix.custom.html",
    formatted_body: message.formattedBody,
  };
}

async function sendAs(
  target: Target | MatrixTransportConfig,
  event: Parameters<typeof sendRoomEvent>[1],
): Promise<string> {
  const resolved = "api" in target ? target : { api: createMatrixApi(target), session: target.session };
  try {
    return await sendRoomEvent(
      { api: resolved.api, session: resolved.session && temporarily(resolved.session) },
      event,
    );
  } catch (error) {
    throw error instanceof TransportError ? error : toTransportError(error);
  }
}

/** The session's start can fail for reasons of the bot's own (a wrong password): never the member's channel. */
function temporarily(session: MatrixSessionSource): MatrixSessionSource {
  return {
    start: () =>
      session.start().catch((error: unknown) => {
        throw new TransportError("matrix: the encrypting session is not available", { permanent: false, cause: error });
      }),
  };
}

/**
 * 429, 5xx, 401 and network failures are temporary; other 4xx are not going to change by retrying (403: the bot
 * is not in the room, 404: the room is gone). 401 stays temporary because it means the bot's own token is wrong:
 * an admin fixes that, and the member's alerts should still arrive afterwards. 413 (M_TOO_LARGE) fails this one
 * event: the room still works, so the channel stays.
 */
export function toTransportError(error: unknown): TransportError {
  if (error instanceof HTTPError) {
    const status = error.httpStatus ?? 0;
    const code = error instanceof MatrixError && error.errcode ? ` ${error.errcode}` : "";
    const message = `matrix: HTTP ${status}${code}`;
    if (status === 429)
      return new TransportError(message, { permanent: false, retryAfterMs: retryAfterMs(error), cause: error });
    const temporary = status >= 500 || status === 401 || status === 408;
    const tooLarge = status === 413 || (error instanceof MatrixError && error.errcode === "M_TOO_LARGE");
    return new TransportError(message, { permanent: !temporary, keepsChannel: tooLarge, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new TransportError(`matrix: ${reason}`, { permanent: false, cause: error });
}

/** `retry_after_ms` in the body (M_LIMIT_EXCEEDED) or a Retry-After header; a malformed hint is ignored. */
function retryAfterMs(error: HTTPError): number | undefined {
  try {
    return error.getRetryAfterMs() ?? undefined;
  } catch {
    return undefined;
  }
}

/** The worker's Matrix transport: one HTTP client (and its keep-alive connections) for every send. */
export function createMatrixTransport(config: MatrixTransportConfig): Transport {
  const target = { api: createMatrixApi(config), session: config.session };
  return async ({ notificationId, channel, message, replyTo }) => {
    if (!channel.roomId) throw new TransportError("matrix: the channel has no room yet", { permanent: true });
    return sendMatrixMessage(target, {
      roomId: channel.roomId,
      txnId: notificationId,
      ...message,
      ...(replyTo ? { replyTo } : {}),
    });
  };
}

/** The worker's Matrix editor: `m.replace` of the firing message, with the edit id as txnId. */
export function createMatrixEditor(config: MatrixTransportConfig): MessageEditor {
  const target = { api: createMatrixApi(config), session: config.session };
  return async ({ editId, channel, externalId, message }) => {
    if (!channel.roomId) throw new TransportError("matrix: the channel has no room yet", { permanent: true });
    return editMatrixMessage(target, { roomId: channel.roomId, txnId: editId, eventId: externalId, message });
  };
}
