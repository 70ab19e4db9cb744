import { NextResponse } from "next/server";
import { toChannelView } from "@/components/channels/types";
import { currentViewer } from "@/lib/auth";
import { listChannelsForMember } from "@/lib/channels/data";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Polled by the channels page until a pending link is verified. */
export async function GET() {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const channels = await listChannelsForMember(await db(), viewer.memberId);
  return NextResponse.json(channels.map(toChannelView));
}
