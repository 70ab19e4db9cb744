import { z } from "zod";
import { toChannelView } from "@/components/channels/types";
import { listChannelsForMember } from "@/lib/channels/data";
import { db } from "@/lib/db/client";
import { memberJsonRoute } from "@/lib/http/member-route";

export const dynamic = "force-dynamic";

/** Polled by the channels page until a pending link is verified. */
export const GET = memberJsonRoute(z.object({}), async (viewer) =>
  (await listChannelsForMember(await db(), viewer.memberId)).map(toChannelView),
);
