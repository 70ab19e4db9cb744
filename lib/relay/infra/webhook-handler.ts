import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { readAlertmanagerPost, receiveRequest, type WebhookAnswer, type WebhookPost } from "../intake/webhook-handler";
import { recordInfraGroup } from "./incidents";
import { parseInfraPayload } from "./payload";

/**
 * Alertmanager's infra route posts here (same bearer token as the member webhook). 200 once the incident and its
 * messages are stored, so Alertmanager retries anything that did not make it; 400 only for bodies that never can.
 */
export async function answerInfraPost(post: WebhookPost, deps: { db: Db; token: string }): Promise<WebhookAnswer> {
  const read = readAlertmanagerPost(post, deps.token, parseInfraPayload, "infra webhook");
  if (!read.ok) return read.answer;
  const result = await recordInfraGroup(deps.db, read.payload);
  log.info({ groupKey: read.payload.groupKey, status: read.payload.status, ...result }, "infra group recorded");
  return { status: 200, body: result };
}

/** The same, for a route handler holding a fetch `Request`. */
export async function handleInfraWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  return receiveRequest(request, deps.token, "infra webhook", (post) => answerInfraPost(post, deps));
}
