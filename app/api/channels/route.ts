import { NextResponse } from "next/server";
import { currentViewer } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listChannelsForMember } from "@/lib/channels/data";
import { toChannelView } from "@/components/channels/types";

export const dynamic = "force-dynamic";

/** Polled by the channels page until a pending link is verified. */
export async function GET() {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "unauthenticated" }, { status: 401 });
  const channels = await listChannelsForMember(await db(), viewer.memberId);
  return NextResponse.json(channels.map(toChannelView));
}
