import { describe, expect, it } from "vitest";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { alertChanges, type KnownAlertState, occurrenceKey, parseDurationMs } from "./alert-changes";

const now = new Date("2026-11-27T10:00:00Z");
const hour = 3_600_000;
const changesOf = (payload: ReturnType<typeof alertGroupPayload>, known: Record<string, KnownAlertState> = {}) =>
  alertChanges(payload.alerts, new Map(Object.entries(known)), { now, repeatIntervalMs: 4 * hour }).map(
    ({ alert, change }) => `${alert.fingerprint}:${change}`,
  );

describe("alertChanges", () => {
  const firing = alertGroupPayload("m_1", { alerts: [{ fingerprint: "aa" }, { fingerprint: "bb" }] });
  const keyOf = (index: number) => occurrenceKey(firing.alerts[index]!);

  it("reports a new occurrence once, however often it is posted", () => {
    expect(changesOf(firing)).toEqual(["aa:fired", "bb:fired"]);
    expect(
      changesOf(firing, { [keyOf(0)]: { status: "firing", notifiedAt: new Date(now.getTime() - 60_000) } }),
    ).toEqual(["bb:fired"]);
    const doubled = { ...firing, alerts: [...firing.alerts, ...firing.alerts] };
    expect(changesOf(doubled)).toEqual(["aa:fired", "bb:fired"]);
  });

  it("repeats a still-firing alert only once half the repeat interval has passed", () => {
    const toldAt = (ms: number) => ({ status: "firing" as const, notifiedAt: new Date(now.getTime() - ms) });
    expect(changesOf(firing, { [keyOf(0)]: toldAt(2 * hour - 1), [keyOf(1)]: toldAt(2 * hour) })).toEqual([
      "bb:reminder",
    ]);
  });

  it("resolves only what the member was told is firing, and never reopens it", () => {
    const resolved = alertGroupPayload("m_1", {
      status: "resolved",
      alerts: [{ fingerprint: "aa" }, { fingerprint: "bb" }],
    });
    const toldFiring = { status: "firing" as const, notifiedAt: now };
    const toldResolved = { status: "resolved" as const, notifiedAt: now };
    expect(changesOf(resolved, { [keyOf(0)]: toldFiring })).toEqual(["aa:resolved"]);
    expect(changesOf(resolved, { [keyOf(0)]: toldResolved, [keyOf(1)]: toldFiring })).toEqual(["bb:resolved"]);
    expect(changesOf(firing, { [keyOf(0)]: toldResolved, [keyOf(1)]: toldResolved })).toEqual([]);
  });

  it("treats the same alert starting again as a new occurrence", () => {
    const again = alertGroupPayload("m_1", { alerts: [{ fingerprint: "aa", startsAt: "2026-11-27T09:00:00Z" }] });
    expect(changesOf(again, { [keyOf(0)]: { status: "resolved", notifiedAt: now } })).toEqual(["aa:fired"]);
  });
});

describe("parseDurationMs", () => {
  it("reads Alertmanager durations and refuses anything else", () => {
    expect(parseDurationMs("30m")).toBe(30 * 60_000);
    expect(parseDurationMs("1h30m")).toBe(90 * 60_000);
    expect(() => parseDurationMs("4 hours")).toThrow("not a duration");
    expect(() => parseDurationMs("")).toThrow();
  });
});
