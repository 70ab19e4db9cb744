import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { currentViewer, type Viewer } from "@/lib/auth";

/**
 * A GET a member's page polls or fetches: the session's member only (401 without one), its query string checked
 * (400), and the answer never cached. `load` returns the JSON body, or a Response for its own refusals (404, 503).
 */
export function memberJsonRoute<Query extends z.ZodType>(
  querySchema: Query,
  load: (viewer: Viewer, query: z.infer<Query>) => Promise<unknown>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const viewer = await currentViewer();
    if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return NextResponse.json({ error: "invalid" }, { status: 400 });
    const body = await load(viewer, query.data);
    return body instanceof Response ? body : NextResponse.json(body, { headers: { "cache-control": "no-store" } });
  };
}
