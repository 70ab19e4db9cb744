/**
 * A failed delivery, classified for the outbox: a temporary error is retried with backoff (no sooner than
 * `retryAfterMs` when the server said so), a permanent one dead-letters the notification at once.
 */
export class TransportError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs?: number;

  constructor(message: string, options: { permanent: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "TransportError";
    this.permanent = options.permanent;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
