import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { OutboundError } from "./outbound-error";
import { assertAddressesAllowed, guardedLookup, type OutboundPolicy } from "./outbound-policy";

export type GuardedRequest = {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, from lookup to the last byte of the answer. */
  timeoutMs?: number;
  maxResponseBytes?: number;
};

export type GuardedResponse = { status: number; headers: Headers; body: Buffer };

const defaultTimeoutMs = 10_000;
const defaultMaxResponseBytes = 256 * 1024;

/**
 * The one HTTP client for addresses a member typed (Gotify server, later webhooks). It is node:http rather than
 * fetch: the check sits in the socket's own `lookup`, so the address judged is the address connected to;
 * node:http never follows a redirect; each request gets its own socket (`agent: false`), never one a pool opened
 * for an unchecked request; and Next.js does not patch it. Every failure is an OutboundError.
 */
export async function guardedFetch(
  url: string,
  init: GuardedRequest,
  policy: OutboundPolicy,
): Promise<GuardedResponse> {
  const target = parseTarget(url);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  // Node skips `lookup` for an IP literal (the same test: net.isIP), so such an address is judged here.
  if (isIP(host) !== 0) await assertAddressesAllowed([host], policy);
  return send(target, init, policy);
}

function parseTarget(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    throw new OutboundError("invalid_url", { cause: error });
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new OutboundError("invalid_url");
  return target;
}

function send(target: URL, init: GuardedRequest, policy: OutboundPolicy): Promise<GuardedResponse> {
  const maxBytes = init.maxResponseBytes ?? defaultMaxResponseBytes;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (error: OutboundError) => {
      settle(() => reject(error));
      request.destroy();
    };
    const client = target.protocol === "https:" ? https : http;
    const headers = {
      ...init.headers,
      ...(init.body === undefined ? {} : { "content-length": String(Buffer.byteLength(init.body)) }),
    };
    const request = client.request(
      target,
      { method: init.method, headers, agent: false, lookup: guardedLookup(policy) },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) return fail(new OutboundError("redirected", { status }));
        if (Number(response.headers["content-length"]) > maxBytes) return fail(new OutboundError("too_large"));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail(new OutboundError("too_large"));
          else chunks.push(chunk);
        });
        response.on("end", () =>
          settle(() => resolve({ status, headers: toHeaders(response.headers), body: Buffer.concat(chunks) })),
        );
        response.on("error", (error) => fail(new OutboundError("unreachable", { cause: error })));
        // A server that hangs up mid-answer: without this the promise would wait for the timeout.
        response.on("close", () => {
          if (!response.complete) fail(new OutboundError("unreachable"));
        });
      },
    );
    const timer = setTimeout(() => fail(new OutboundError("timeout")), init.timeoutMs ?? defaultTimeoutMs);
    request.on("error", (error) =>
      fail(error instanceof OutboundError ? error : new OutboundError("unreachable", { cause: error })),
    );
    request.end(init.body);
  });
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}
