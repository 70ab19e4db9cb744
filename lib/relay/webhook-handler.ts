import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { recordAlertGroup } from "./intake";
import { parseWebhookPayload } from "./webhook-payload";

/**
 * The relay's front door for Alertmanager. Answers 200 only once the group is stored, so Alertmanager retries
 * anything that did not make it; 400 is final for Alertmanager, so it only answers that for payloads that can
 * never succeed.
 */
export async function handleAlertmanagerWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  if (!hasBearer(request, deps.token)) {
    return Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
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
  log.info({ groupKey: parsed.payload.groupKey, status: parsed.payload.status, stored }, "alert group recorded");
  return Response.json({ stored });
}

function invalid(reason: string): Response {
  return Response.json({ error: "invalid_payload", reason }, { status: 400 });
}

// Hashing both sides gives equal lengths, which timingSafeEqual needs, without leaking the token's length.
function hasBearer(request: Request, token: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}
