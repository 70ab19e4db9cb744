import type { Db } from "@/lib/db/client";
import { isBearer } from "@/lib/http/bearer";
import { log } from "@/lib/log";
import { recordWebhook } from "@/lib/metrics/registry";
import { alertIntakeFor, type AlertIntake } from "./intake-queue";
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
export async function answerAlertmanagerPost(post: WebhookPost, deps: { intake: AlertIntake; token: string }): Promise<WebhookAnswer> {
  const startedAt = performance.now();
  const { answer, outcome } = await decide(post, deps);
  recordWebhook({ outcome, seconds: (performance.now() - startedAt) / 1000 });
  return answer;
}

/** The same, for a route handler holding a fetch `Request`. */
export async function handleAlertmanagerWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  const post = { authorization: request.headers.get("authorization"), body: await request.text() };
  return toResponse(await answerAlertmanagerPost(post, { intake: alertIntakeFor(deps.db), token: deps.token }));
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
  if (stored > 0) log.debug({ groupKey: read.payload.groupKey, status: read.payload.status, stored }, "alert group recorded");
  return { answer: { status: 200, body: { stored } }, outcome: stored > 0 ? "stored" : "duplicate" };
}

type Parse<T> = (body: unknown) => { ok: true; payload: T } | { ok: false; reason: string };

/**
 * What every Alertmanager post goes through before its payload is used: the bearer token (401), JSON (400) and
 * the payload's schema (400, logged: a body Alertmanager will never send right without a configuration change).
 */
export function readAlertmanagerPost<T>(
  post: WebhookPost,
  token: string,
  parse: Parse<T>,
  endpoint: string,
): { ok: true; payload: T } | { ok: false; answer: WebhookAnswer } {
  if (!isBearer(post.authorization, token)) {
    return { ok: false, answer: { status: 401, body: { error: "unauthorized" }, headers: { "WWW-Authenticate": "Bearer" } } };
  }
  let body: unknown;
  try {
    body = JSON.parse(post.body);
  } catch {
    return { ok: false, answer: invalidPayload("the body is not JSON") };
  }
  const parsed = parse(body);
  if (parsed.ok) return parsed;
  log.warn({ reason: parsed.reason }, `${endpoint} refused`);
  return { ok: false, answer: invalidPayload(parsed.reason) };
}

function invalidPayload(reason: string): WebhookAnswer {
  return { status: 400, body: { error: "invalid_payload", reason } };
}
