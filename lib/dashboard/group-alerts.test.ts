import { describe, expect, it } from "vitest";
import type { NotificationAlert } from "@/lib/db/schema";
import { groupAlertsByTarget } from "./data";

const alert = (overrides: Partial<NotificationAlert> = {}): NotificationAlert => ({
  alertname: "BlackboxProbeFailed",
  status: "firing",
  severity: "critical",
  targetId: "t_1",
  instance: null,
  summary: null,
  startsAt: "2026-11-26T10:00:00Z",
  ...overrides,
});
const at = new Date("2026-11-26T10:01:00Z");

describe("groupAlertsByTarget delivery state", () => {
  it("marks an alert not delivered when every channel's copy was given up", () => {
    const rows = [
      { alerts: [alert()], createdAt: at, state: "dead" as const },
      { alerts: [alert()], createdAt: at, state: "dead" as const },
    ];
    expect(groupAlertsByTarget(rows, new Set(["t_1"]), 5).get("t_1")).toMatchObject([
      { alertname: "BlackboxProbeFailed", undelivered: true },
    ]);
  });

  it("counts it delivered when one channel's copy went or is still going, whatever the row order", () => {
    for (const states of [
      ["dead", "sent"],
      ["sent", "dead"],
      ["dead", "pending"],
    ] as const) {
      const rows = states.map((state) => ({ alerts: [alert()], createdAt: at, state }));
      expect(groupAlertsByTarget(rows, new Set(["t_1"]), 5).get("t_1"), states.join(",")).toMatchObject([
        { undelivered: false },
      ]);
    }
  });

  it("keeps each alert state separate", () => {
    const rows = [
      { alerts: [alert({ status: "resolved" })], createdAt: at, state: "dead" as const },
      { alerts: [alert()], createdAt: at, state: "sent" as const },
    ];
    expect(groupAlertsByTarget(rows, new Set(["t_1"]), 5).get("t_1")).toMatchObject([
      { status: "resolved", undelivered: true },
      { status: "firing", undelivered: false },
    ]);
  });
});
