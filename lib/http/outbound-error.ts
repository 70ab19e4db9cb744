/**
 * Why a request to a member-supplied address failed. Only `timeout`, `unreachable` and `host_not_found` can pass
 * on their own; the others need the member to change the address (or the server to stop redirecting).
 */
export type OutboundFailure =
  | "invalid_url"
  | "host_not_found"
  | "address_not_allowed"
  | "address_is_monitoring_host"
  | "redirected"
  | "too_large"
  | "timeout"
  | "unreachable";

export class OutboundError extends Error {
  readonly reason: OutboundFailure;
  /** The 3xx status of a refused redirect. */
  readonly status?: number;

  constructor(reason: OutboundFailure, options: { status?: number; cause?: unknown } = {}) {
    super(options.status ? `${reason} (HTTP ${options.status})` : reason, { cause: options.cause });
    this.name = "OutboundError";
    this.reason = reason;
    if (options.status !== undefined) this.status = options.status;
  }

  get temporary(): boolean {
    return this.reason === "timeout" || this.reason === "unreachable" || this.reason === "host_not_found";
  }
}
