import type { Db } from "@/lib/db/client";
import { hasBearer } from "@/lib/http/bearer";
import { log } from "@/lib/log";
import { recordWebhook } from "@/lib/metrics/registry";
import { recordAlertGroup } from "./intake";
import { parseWebhookPayload } from "./webhook-payload";

/**
 * The relay's front door for Alertmanager. Answers 200 only once the group is stored, so Alertmanager retries
 * anything that did not make it; 400 is final for Alertmanager, so it only answers that for payloads that can
 * never succeed.
 */
export async function handleAlertmanagerWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  const startedAt = performance.now();
  const { response, outcome } = await answerWebhook(request, deps);
  recordWebhook({ outcome, seconds: (performance.now() - startedAt) / 1000 });
  return response;
}

type Answer = { response: Response; outcome: "stored" | "duplicate" | "refused" };

async function answerWebhook(request: Request, deps: { db: Db; token: string }): Promise<Answer> {
  if (!hasBearer(request, deps.token)) {
    const response = Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
    return { response, outcome: "refused" };
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return invalid("the body is not JSON");
  }
  const parsed = parseWebhookPayload(body);
  if (!parsed.ok) {
    log.warn({ reason: parsed.reason }, "alertmanager webhook refused");
    return invalid(parsed.reason);
  }
  const stored = await recordAlertGroup(deps.db, parsed.payload);
  // A post that brings nothing new (a peer's copy, a retry) is the common case in a cluster: not worth a line.
  if (stored > 0) log.info({ groupKey: parsed.payload.groupKey, status: parsed.payload.status, stored }, "alert group recorded");
  return { response: Response.json({ stored }), outcome: stored > 0 ? "stored" : "duplicate" };
}

function invalid(reason: string): Answer {
  return { response: Response.json({ error: "invalid_payload", reason }, { status: 400 }), outcome: "refused" };
}
