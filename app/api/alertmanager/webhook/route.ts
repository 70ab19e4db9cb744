import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { handleAlertmanagerWebhook } from "@/lib/relay/intake/webhook-handler";

// Every post is a new alert group: never cache, never prerender.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const token = env().WEBHOOK_TOKEN;
  // Without a token anyone could inject alerts: refuse rather than accept unauthenticated posts.
  if (!token) return Response.json({ error: "webhook_not_configured" }, { status: 503 });
  return handleAlertmanagerWebhook(request, { db: await db(), token });
}
