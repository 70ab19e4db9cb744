import type { Db } from "@/lib/db/client";
import { isBearer } from "@/lib/http/bearer";
import { log } from "@/lib/log";
import { recordWebhook } from "@/lib/metrics/registry";
import { type AlertIntake, alertIntakeFor } from "./intake-queue";
import { cleanJson } from "./payload-text";
import { readBodyUpTo } from "./webhook-body";
import { parseWebhookPayload } from "./webhook-payload";

/** A webhook post as any HTTP server sees it: the Authorization header and the raw body. */
export type WebhookPost = { authorization: string | null; body: string };
/** What to answer, whichever server sends it (Next.js route or the relay's own listener). */
export type WebhookAnswer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

/**
 * The relay's front door for Alertmanager. Answers 200 only once the group is stored, so Alertmanager retries
 * anything that did not make it; 400 is final for Alertmanager, so it only answers that for payloads that can
 * never succeed.
 */
export async function answerAlertmanagerPost(
  post: WebhookPost,
  deps: { intake: AlertIntake; token: string },
): Promise<WebhookAnswer> {
  const startedAt = performance.now();
  const { answer, outcome } = await decide(post, deps);
  recordWebhook({ outcome, seconds: (performance.now() - startedAt) / 1000 });
  return answer;
}

/** The same, for a route handler holding a fetch `Request`. */
export async function handleAlertmanagerWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  const intake = alertIntakeFor(deps.db);
  return receiveRequest(request, deps.token, "alertmanager webhook", (post) =>
    answerAlertmanagerPost(post, { intake, token: deps.token }),
  );
}

/**
 * Reads a route handler's post for `answer`: an unauthenticated post is answered (401) without reading its body,
 * so anyone can make the server read no more than headers; a body over the cap is refused (413) where it is found.
 */
export async function receiveRequest(
  request: Request,
  token: string,
  endpoint: string,
  answer: (post: WebhookPost) => Promise<WebhookAnswer>,
): Promise<Response> {
  const authorization = request.headers.get("authorization");
  // The answerer refuses it with its own 401 (and counts it); the empty body is never read.
  if (!isBearer(authorization, token)) return toResponse(await answer({ authorization, body: "" }));
  const body = await readBodyUpTo(request);
  if (body === undefined) {
    log.warn({ contentLength: request.headers.get("content-length") }, `${endpoint} refused: body too large`);
    return toResponse({ status: 413, body: { error: "payload_too_large" } });
  }
  try {
    return toResponse(await answer({ authorization, body }));
  } catch (error) {
    // Caught here rather than by Next.js, whose own error log would print the failed query's parameters (the
    // alerts' texts); the pino serializer drops them. 500 makes Alertmanager retry the group later.
    log.error({ err: error }, `${endpoint} failed`);
    return toResponse({ status: 500, body: { error: "internal" } });
  }
}

export function toResponse(answer: WebhookAnswer): Response {
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

type Decision = { answer: WebhookAnswer; outcome: "stored" | "duplicate" | "refused" };

async function decide(post: WebhookPost, deps: { intake: AlertIntake; token: string }): Promise<Decision> {
  const read = readAlertmanagerPost(post, deps.token, parseWebhookPayload, "alertmanager webhook");
  if (!read.ok) return { answer: read.answer, outcome: "refused" };
  const stored = await deps.intake.record(read.payload);
  // One line per batch is at info (the intake's); per group only when debugging: a storm brings thousands a second.
  if (stored > 0)
    log.debug({ groupKey: read.payload.groupKey, status: read.payload.status, stored }, "alert group recorded");
  return { answer: { status: 200, body: { stored } }, outcome: stored > 0 ? "stored" : "duplicate" };
}

type Parse<T> = (body: unknown) => { ok: true; payload: T } | { ok: false; reason: string };

/**
 * What every Alertmanager post goes through before its payload is used: the bearer token (401), JSON (400) and
 * the payload's schema (400, logged: a body Alertmanager will never send right without a configuration change).
 * Control characters are stripped first (see `cleanJson`). Refusals are logged with the body's size and a reason
 * that names fields, never values: labels and annotations can carry member text.
 */
export function readAlertmanagerPost<T>(
  post: WebhookPost,
  token: string,
  parse: Parse<T>,
  endpoint: string,
): { ok: true; payload: T } | { ok: false; answer: WebhookAnswer } {
  if (!isBearer(post.authorization, token)) {
    return {
      ok: false,
      answer: { status: 401, body: { error: "unauthorized" }, headers: { "WWW-Authenticate": "Bearer" } },
    };
  }
  let body: unknown;
  try {
    body = cleanJson(JSON.parse(post.body));
  } catch {
    return refuse(post, endpoint, "the body is not JSON");
  }
  const parsed = parse(body);
  if (parsed.ok) return parsed;
  return refuse(post, endpoint, parsed.reason);
}

function refuse(post: WebhookPost, endpoint: string, reason: string): { ok: false; answer: WebhookAnswer } {
  log.warn({ bytes: Buffer.byteLength(post.body), reason }, `${endpoint} refused`);
  return { ok: false, answer: invalidPayload(reason) };
}

function invalidPayload(reason: string): WebhookAnswer {
  return { status: 400, body: { error: "invalid_payload", reason } };
}
