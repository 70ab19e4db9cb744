import { describe, expect, it } from "vitest";
import { createTestMessageGate, testMessageLimits } from "./test-message-limit";

describe("the test message gate", () => {
  it("lets a channel send again once its minute is over, and counts the member over all channels", () => {
    let now = 1_000_000;
    const gate = createTestMessageGate(() => now);
    expect(gate.hit("m_1", "c_1")).toEqual({ ok: true });
    now += 20_000;
    expect(gate.hit("m_1", "c_1")).toEqual({ ok: false, scope: "channel", retryAfterSeconds: 40 });
    // Another member's channel has its own window.
    expect(gate.hit("m_2", "c_2")).toEqual({ ok: true });
    now += 40_000;
    expect(gate.hit("m_1", "c_1")).toEqual({ ok: true });
    for (let index = 2; index < testMessageLimits.perMember.limit; index += 1) {
      expect(gate.hit("m_1", `c_other_${index}`)).toEqual({ ok: true });
    }
    expect(gate.hit("m_1", "c_last")).toEqual({ ok: false, scope: "member", retryAfterSeconds: 3_540 });
  });
});
