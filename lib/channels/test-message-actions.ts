"use server";

import { revalidatePath } from "next/cache";
import { memberAction } from "@/lib/action";
import { refuse } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { recordIdSchema } from "@/lib/text-input";
import { findChannelForMember } from "./data";
import { queueTestMessage } from "./test-message";
import { testMessageGate } from "./test-message-limit";

/**
 * "Send a test message" on a verified channel of the caller. Ownership and verification are judged before the
 * limits count, so a wrong id never uses up the member's share; a refused try says when to try again.
 */
export const sendTestMessageAction = memberAction({
  input: recordIdSchema,
  invalid: "channel_not_found",
  run: async (channelId, scope) => {
    const database = await db();
    const channel = await findChannelForMember(database, scope.memberId, channelId);
    if (!channel) return refuse("channel_not_found");
    if (channel.verifiedAt === null) return refuse("channel_not_verified");
    const verdict = testMessageGate().hit(scope.memberId, channelId);
    if (!verdict.ok) {
      if (verdict.scope === "channel")
        return refuse("test_message_cooldown", { values: { seconds: verdict.retryAfterSeconds } });
      return refuse("test_message_member_limit", { values: { minutes: Math.ceil(verdict.retryAfterSeconds / 60) } });
    }
    // Judged again with the insert: the channel may have been unlinked since.
    const queued = await queueTestMessage(database, scope.memberId, channelId);
    if (!queued.ok) return refuse(queued.reason);
    revalidatePath("/[locale]/channels", "page");
    return { ok: true };
  },
});
