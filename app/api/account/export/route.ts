import { exportMemberData } from "@/lib/account/data";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** "Export my data": the signed-in member's own data as a JSON attachment. */
export async function GET(): Promise<Response> {
  const viewer = await currentViewer();
  if (!viewer) return Response.json({ error: "unauthenticated" }, { status: 401 });
  const exported = await exportMemberData(await db(), viewer.memberId);
  if (!exported) return Response.json({ error: "not_found" }, { status: 404 });
  const day = exported.exportedAt.slice(0, 10);
  return new Response(`${JSON.stringify(exported, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="vigie-${day}.json"`,
      "cache-control": "no-store",
    },
  });
}
