/**
 * A failed delivery, classified for the outbox: a temporary error is retried with backoff (no sooner than
 * `retryAfterMs` when the server said so), a permanent one dead-letters the notification at once and disables
 * the channel, unless `keepsChannel` says the fault is this notification's alone (a message too large: the next
 * one will fit).
 */
export class TransportError extends Error {
  readonly permanent: boolean;
  readonly keepsChannel: boolean;
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    options: { permanent: boolean; keepsChannel?: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "TransportError";
    this.permanent = options.permanent;
    this.keepsChannel = options.keepsChannel ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
