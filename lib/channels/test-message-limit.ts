import { createWindowLimiter, type WindowLimiter } from "@/lib/limits/window-limiter";

/**
 * One test per channel and minute, ten per member and hour: enough to check a channel after changing a setting,
 * too few to turn the button into a way of flooding a chat server or a mail relay from the hub.
 */
export const testMessageLimits = {
  perChannel: { limit: 1, windowMs: 60_000 },
  perMember: { limit: 10, windowMs: 3_600_000 },
} as const;

export type TestMessageVerdict = { ok: true } | { ok: false; scope: "channel" | "member"; retryAfterSeconds: number };
export type TestMessageGate = { hit(memberId: string, channelId: string): TestMessageVerdict };

/**
 * Counts a member's test messages in this process's memory (lib/limits, as the bots count commands): a restart
 * forgiving a burst costs a few messages on the member's own channels, nothing a database row would be worth.
 */
export function createTestMessageGate(now?: () => number): TestMessageGate {
  const perChannel: WindowLimiter = createWindowLimiter({ ...testMessageLimits.perChannel, now });
  const perMember: WindowLimiter = createWindowLimiter({ ...testMessageLimits.perMember, now });
  return {
    hit(memberId, channelId) {
      const channel = perChannel.hit(channelId);
      if (!channel.ok)
        return { ok: false, scope: "channel", retryAfterSeconds: Math.ceil(channel.retryAfterMs / 1000) };
      const member = perMember.hit(memberId);
      if (!member.ok) return { ok: false, scope: "member", retryAfterSeconds: Math.ceil(member.retryAfterMs / 1000) };
      return { ok: true };
    },
  };
}

let shared: TestMessageGate | undefined;

/** The portal process's one gate, made at the first test message. */
export function testMessageGate(): TestMessageGate {
  shared ??= createTestMessageGate();
  return shared;
}
