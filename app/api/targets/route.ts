import { z } from "zod";
import { toTargetView } from "@/components/targets/types";
import { db } from "@/lib/db/client";
import { memberJsonRoute } from "@/lib/http/member-route";
import { listTargetsWithProbeState } from "@/lib/targets/live";

export const dynamic = "force-dynamic";

/** Polled by the targets page: the member's own targets with their probe state. */
export const GET = memberJsonRoute(z.object({}), async (viewer) =>
  (await listTargetsWithProbeState(await db(), viewer.memberId)).map(toTargetView),
);
