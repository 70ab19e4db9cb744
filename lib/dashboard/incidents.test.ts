import { describe, expect, it } from "vitest";
import type { NotificationAlert } from "@/lib/db/schema";
import { buildIncidents } from "./incidents";

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
const at = (time: string) => new Date(`2026-11-26T${time}Z`);
const own = new Set(["t_1"]);

describe("buildIncidents", () => {
  it("makes one incident of an outage's firing, reminder and resolution, over every channel's copy", () => {
    const rows = [
      { alerts: [alert({ status: "resolved" })], createdAt: at("10:20:00"), state: "sent" as const },
      { alerts: [alert({ status: "resolved" })], createdAt: at("10:20:01"), state: "sent" as const },
      { alerts: [alert({ reminder: true })], createdAt: at("10:15:00"), state: "sent" as const },
      { alerts: [alert()], createdAt: at("10:01:00"), state: "sent" as const },
      { alerts: [alert()], createdAt: at("10:01:00"), state: "dead" as const },
    ];
    expect(buildIncidents(rows, own, 10).get("t_1")).toEqual([
      {
        alertname: "BlackboxProbeFailed",
        summary: null,
        statusCode: null,
        start: at("10:00:00"),
        end: at("10:20:00"),
        undelivered: false,
      },
    ]);
  });

  it("keeps an outage without resolution ongoing, and separates two outages, newest first", () => {
    const rows = [
      { alerts: [alert({ startsAt: "2026-11-26T12:00:00Z" })], createdAt: at("12:01:00"), state: "sent" as const },
      { alerts: [alert({ status: "resolved" })], createdAt: at("10:20:00"), state: "sent" as const },
      { alerts: [alert()], createdAt: at("10:01:00"), state: "sent" as const },
    ];
    expect(buildIncidents(rows, own, 10).get("t_1")).toMatchObject([
      { start: at("12:00:00"), end: null },
      { start: at("10:00:00"), end: at("10:20:00") },
    ]);
    expect(buildIncidents(rows, own, 1).get("t_1")).toHaveLength(1);
  });

  it("flags an incident whose news was given up on every channel, whatever the row order", () => {
    const dead = { alerts: [alert()], createdAt: at("10:01:00"), state: "dead" as const };
    expect(buildIncidents([dead, dead], own, 10).get("t_1")).toMatchObject([{ undelivered: true }]);
    for (const other of ["sent", "pending"] as const) {
      const rows = [dead, { ...dead, state: other }];
      expect(buildIncidents(rows, own, 10).get("t_1"), other).toMatchObject([{ undelivered: false }]);
      expect(buildIncidents([...rows].reverse(), own, 10).get("t_1"), other).toMatchObject([{ undelivered: false }]);
    }
    const resolutionLost = [
      { alerts: [alert({ status: "resolved" })], createdAt: at("10:20:00"), state: "dead" as const },
      { alerts: [alert()], createdAt: at("10:01:00"), state: "sent" as const },
    ];
    expect(buildIncidents(resolutionLost, own, 10).get("t_1")).toMatchObject([{ undelivered: true }]);
  });

  it("ignores alerts naming targets that are not the member's, and keeps the redirect code", () => {
    const rows = [
      {
        alerts: [alert({ targetId: "t_forged" }), alert({ alertname: "BlackboxHttpRedirect", statusCode: 302 })],
        createdAt: at("10:01:00"),
        state: "sent" as const,
      },
    ];
    const incidents = buildIncidents(rows, own, 10);
    expect([...incidents.keys()]).toEqual(["t_1"]);
    expect(incidents.get("t_1")).toMatchObject([{ alertname: "BlackboxHttpRedirect", statusCode: 302 }]);
  });
});
