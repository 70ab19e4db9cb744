import { OutboundError } from "@/lib/http/outbound-error";
import { TransportError } from "./transport-error";

/**
 * For servers the hub's admins configure (Mattermost): an address a member typed goes through the guarded client
 * (lib/http/guarded-fetch.ts) instead, as fetch follows redirects and connects wherever DNS says.
 * Sends a JSON request with a time limit and turns every failure into a TransportError: network errors,
 * timeouts, 408, 429 and 5xx are temporary; `permanentStatuses` are the ones retrying cannot fix. The response
 * body is never put in the error: some servers echo credentials back.
 */
export async function fetchJson<T>(
  service: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: unknown; timeoutMs?: number },
  temporaryStatuses: readonly number[] = [],
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? "timeout" : "unreachable";
    throw new TransportError(`${service}: ${reason}`, { permanent: false, cause: error });
  }
  if (response.ok) return (await response.json()) as T;
  await response.body?.cancel();
  throw statusFailure(service, response.status, response.headers, temporaryStatuses);
}

/** The error for an answer that is not a success (the body is never copied into it). */
export function statusFailure(
  service: string,
  status: number,
  headers: Headers,
  temporaryStatuses: readonly number[] = [],
): TransportError {
  const message = `${service}: HTTP ${status}`;
  if (status === 429) return new TransportError(message, { permanent: false, ...retryAfter(headers) });
  const temporary = status >= 500 || status === 408 || temporaryStatuses.includes(status);
  // Too large is this message's fault alone (Mattermost, a member's Gotify): it dies, the channel stays.
  return new TransportError(message, { permanent: !temporary, keepsChannel: status === 413 });
}

/**
 * The error for a request the guarded client refused or could not complete (lib/http/guarded-fetch.ts). A
 * redirect or a refused address is permanent: only the member can change the address they gave.
 */
export function outboundFailure(service: string, error: unknown): TransportError {
  if (!(error instanceof OutboundError))
    return new TransportError(`${service}: unreachable`, { permanent: false, cause: error });
  return new TransportError(`${service}: ${error.message}`, { permanent: !error.temporary, cause: error });
}

/** Retry-After in seconds (RFC 9110); Mattermost's own X-Ratelimit-Reset is also seconds until the reset. */
function retryAfter(headers: Headers): { retryAfterMs?: number } {
  for (const name of ["retry-after", "x-ratelimit-reset"]) {
    const seconds = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  }
  return {};
}
