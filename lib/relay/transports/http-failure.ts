import { TransportError } from "./transport-error";

/**
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
  const message = `${service}: HTTP ${response.status}`;
  if (response.status === 429) throw new TransportError(message, { permanent: false, ...retryAfter(response.headers) });
  const temporary = response.status >= 500 || response.status === 408 || temporaryStatuses.includes(response.status);
  throw new TransportError(message, { permanent: !temporary });
}

/** Retry-After in seconds (RFC 9110); Mattermost's own X-Ratelimit-Reset is also seconds until the reset. */
function retryAfter(headers: Headers): { retryAfterMs?: number } {
  for (const name of ["retry-after", "x-ratelimit-reset"]) {
    const seconds = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: seconds * 1000 };
  }
  return {};
}
