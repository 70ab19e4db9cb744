import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { handleInfraWebhook } from "@/lib/relay/infra/webhook-handler";

// Every post is a new group state: never cache, never prerender.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const token = env().WEBHOOK_TOKEN;
  // Without a token anyone could open incidents and message every member: refuse instead.
  if (!token) return Response.json({ error: "webhook_not_configured" }, { status: 503 });
  return handleInfraWebhook(request, { db: await db(), token });
}
