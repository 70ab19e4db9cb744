import { describe, expect, it } from "vitest";
import { RateGate, rateKeyOf } from "./rate-gate";

describe("RateGate", () => {
  it("keeps a server closed until the latest time it asked for, then forgets it", () => {
    const gate = new RateGate();
    const now = new Date("2026-11-27T10:00:00Z");
    gate.close("matrix", now.getTime() + 5_000);
    gate.close("matrix", now.getTime() + 2_000);
    expect(gate.reopensAt("matrix", now)).toEqual(new Date(now.getTime() + 5_000));
    expect(gate.reopensAt("email", now)).toBeUndefined();
    expect(gate.reopensAt("matrix", new Date(now.getTime() + 5_000))).toBeUndefined();
  });

  it("shares one limit per server: one per chat server, one per Gotify host", () => {
    expect(rateKeyOf({ type: "matrix", address: "@a:example.org" })).toBe(
      rateKeyOf({ type: "matrix", address: "@b:other.org" }),
    );
    expect(rateKeyOf({ type: "gotify", address: "https://push.example.be/" })).toBe("gotify:push.example.be");
    expect(rateKeyOf({ type: "gotify", address: "https://push.example.be" })).not.toBe(
      rateKeyOf({ type: "gotify", address: "https://other.example.be" }),
    );
  });
});
