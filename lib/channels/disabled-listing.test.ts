import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toChannelView } from "@/components/channels/types";
import type { DbHandle } from "@/lib/db/client";
import { consumeLinkToken, issueLinkToken } from "@/lib/link-tokens/mutations";
import { disableChannel } from "@/lib/relay/outbox/channel-failure";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { listChannelsForMember } from "./data";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("a channel a transport disabled", () => {
  it("is listed as disabled with when and why, then as verified again once re-linked", async () => {
    const { memberId } = await seedMember(handle.db);
    const channelId = await seedMatrixChannel(handle.db, memberId);
    const disabledAt = new Date("2026-11-27T08:30:00Z");
    await disableChannel(handle.db, { channelId, memberId, reason: "matrix: HTTP 403 M_FORBIDDEN", now: disabledAt });

    const [disabled] = (await listChannelsForMember(handle.db, memberId)).map(toChannelView);
    expect(disabled).toMatchObject({
      state: "disabled",
      disabled: { at: disabledAt.toISOString(), kind: "matrix_removed", reason: "matrix: HTTP 403 M_FORBIDDEN" },
    });

    const token = await issueLinkToken(handle.db, { memberId, channelId, ttlMinutes: 10 });
    const [address] = (await listChannelsForMember(handle.db, memberId)).map((channel) => channel.address);
    expect(await consumeLinkToken(handle.db, { token, sender: address!, roomId: "!new:example.org" })).toMatchObject({
      ok: true,
    });
    expect((await listChannelsForMember(handle.db, memberId)).map(toChannelView)).toMatchObject([
      { state: "verified", disabled: null },
    ]);
  });

  it("is pending, not disabled, while never verified", async () => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId, { verified: false });
    expect((await listChannelsForMember(handle.db, memberId)).map(toChannelView)).toMatchObject([
      { state: "pending", disabled: null },
    ]);
  });
});
