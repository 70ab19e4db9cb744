import { NextResponse } from "next/server";
import { toTargetView } from "@/components/targets/types";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listTargetsWithProbeState } from "@/lib/targets/live";

export const dynamic = "force-dynamic";

/** Polled by the targets page: the member's own targets with their probe state. */
export async function GET() {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const targets = await listTargetsWithProbeState(await db(), viewer.memberId);
  return NextResponse.json(targets.map(toTargetView), { headers: { "cache-control": "no-store" } });
}
