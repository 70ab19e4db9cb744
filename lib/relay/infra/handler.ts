import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { hasBearer } from "@/lib/http/bearer";
import { recordInfraGroup } from "./incidents";
import { parseInfraPayload } from "./payload";

/**
 * Alertmanager's infra route posts here (same bearer token as the member webhook). 200 once the incident and its
 * messages are stored, so Alertmanager retries anything that did not make it; 400 only for bodies that never can.
 */
export async function handleInfraWebhook(request: Request, deps: { db: Db; token: string }): Promise<Response> {
  if (!hasBearer(request, deps.token)) {
    return Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return Response.json({ error: "invalid_payload", reason: "the body is not JSON" }, { status: 400 });
  }
  const parsed = parseInfraPayload(body);
  if (!parsed.ok) {
    log.warn({ reason: parsed.reason }, "infra webhook refused");
    return Response.json({ error: "invalid_payload", reason: parsed.reason }, { status: 400 });
  }
  const result = await recordInfraGroup(deps.db, parsed.payload);
  log.info({ groupKey: parsed.payload.groupKey, status: parsed.payload.status, ...result }, "infra group recorded");
  return Response.json(result);
}
