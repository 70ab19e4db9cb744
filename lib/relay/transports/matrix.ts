import {
  ClientPrefix,
  HTTPError,
  MatrixError,
  MatrixHttpApi,
  Method,
  TypedEventEmitter,
  type HttpApiEvent,
  type HttpApiEventHandlerMap,
  type IHttpOpts,
} from "matrix-js-sdk";
import type { Transport } from "./transport";
import { TransportError } from "./transport-error";

export type MatrixTransportConfig = {
  homeserverUrl: string;
  accessToken: string;
  /** A send that hangs longer than this is retried later (same txnId, so never shown twice). */
  timeoutMs?: number;
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

type MatrixApi = MatrixHttpApi<IHttpOpts & { onlyData: true }>;

/**
 * Only matrix-js-sdk's HTTP layer is used, not MatrixClient: `MatrixClient.sendEvent` queues through its
 * scheduler, which retries 429s and network errors on its own, in memory, and needs a synced room. Here the
 * outbox owns retries (they survive restarts and are shared between workers), so a 429 must surface at once.
 * `MatrixHttpApi.authedRequest` does not retry (it only refreshes tokens, which a bot does not have).
 */
export function createMatrixApi(config: MatrixTransportConfig): MatrixApi {
  return new MatrixHttpApi(new TypedEventEmitter<HttpApiEvent, HttpApiEventHandlerMap>(), {
    baseUrl: config.homeserverUrl,
    prefix: ClientPrefix.V3,
    accessToken: config.accessToken,
    useAuthorizationHeader: true,
    localTimeoutMs: config.timeoutMs ?? 30_000,
    onlyData: true,
  });
}

/** Sends one message with `PUT /rooms/{roomId}/send/m.room.message/{txnId}`; returns the event id. */
export async function sendMatrixMessage(
  target: MatrixApi | MatrixTransportConfig,
  message: MatrixMessage,
): Promise<string> {
  const api = target instanceof MatrixHttpApi ? target : createMatrixApi(target);
  const path = `/rooms/${encodeURIComponent(message.roomId)}/send/m.room.message/${encodeURIComponent(message.txnId)}`;
  // m.text rather than the bots' usual m.notice: the default push rule `.m.rule.suppress_notices` would mute
  // the alert on the member's phone.
  const content: Record<string, unknown> = {
    msgtype: "m.text",
    body: message.body,
    format: "org.matrix.custom.html",
    formatted_body: message.formattedBody,
  };
  if (message.replyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: message.replyTo } };
  try {
    const response = await api.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
    return response.event_id;
  } catch (error) {
    throw toTransportError(error);
  }
}

/**
 * 429, 5xx, 401 and network failures are temporary; other 4xx are not going to change by retrying (403: the bot
 * is not in the room, 404: the room is gone). 401 stays temporary because it means the bot's own token is wrong:
 * an admin fixes that, and the member's alerts should still arrive afterwards.
 */
export function toTransportError(error: unknown): TransportError {
  if (error instanceof HTTPError) {
    const status = error.httpStatus ?? 0;
    const code = error instanceof MatrixError && error.errcode ? ` ${error.errcode}` : "";
    const message = `matrix: HTTP ${status}${code}`;
    if (status === 429) return new TransportError(message, { permanent: false, retryAfterMs: retryAfterMs(error), cause: error });
    const temporary = status >= 500 || status === 401 || status === 408;
    return new TransportError(message, { permanent: !temporary, cause: error });
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
  const api = createMatrixApi(config);
  return async ({ notificationId, channel, message, replyTo }) => {
    if (!channel.roomId) throw new TransportError("matrix: the channel has no room yet", { permanent: true });
    return sendMatrixMessage(api, { roomId: channel.roomId, txnId: notificationId, ...message, ...(replyTo ? { replyTo } : {}) });
  };
}
