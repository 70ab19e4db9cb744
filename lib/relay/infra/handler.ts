import type { Db } from "@/lib/db/client";
import { isBearer } from "@/lib/http/bearer";
import { log } from "@/lib/log";
import { invalidPayload, toResponse, unauthorized, type WebhookAnswer, type WebhookPost } from "../webhook-handler";
import { recordInfraGroup } from "./incidents";
import { parseInfraPayload } from "./payload";

/**
 * Alertmanager's infra route posts here (same bearer token as the member webhook). 200 once the incident and its
 * messages are stored, so Alertmanager retries anything that did not make it; 400 only for bodies that never can.
 */
export async function answerInfraPost(post: WebhookPost, deps: { db: Db; token: string }): Promise<WebhookAnswer> {
  if (!isBearer(post.authorization, deps.token)) return unauthorized();
  let body: unknown;
  try {
    body = JSON.parse(post.body);
  } catch {
    return invalidPayload("the body is not JSON");
  }
  const parsed = parseInfraPayload(body);
  if (!parsed.ok) {
    log.warn({ reason: parsed.reason }, "infra webhook refused");
    return invalidPayload(parsed.reason);
  }
  const result = await recordInfraGroup(deps.db, parsed.payload);
  log.info({ groupKey: parsed.payload.groupKey, status: parsed.payload.status, ...result }, "infra group recorded");
  return { status: 200, body: result };
}

/** The same, for a route handler holding a fetch `Request`. */
export async function handleInfraWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  const post = { authorization: request.headers.get("authorization"), body: await request.text() };
  return toResponse(await answerInfraPost(post, deps));
}
