import { describe, expect, it } from "vitest";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { memberOfGroup, parseWebhookPayload } from "./webhook-payload";

const member = "m_0123456789abcdef0123";

/** A deep, untyped copy, to break in one place the way a misconfigured sender would. */
type Json = ReturnType<typeof JSON.parse>;
function valid(): Json {
  return JSON.parse(JSON.stringify(alertGroupPayload(member, { alerts: [{}, { alertname: "BlackboxSlowProbe" }] })));
}

describe("parseWebhookPayload", () => {
  it("accepts what Alertmanager posts, including nanosecond timestamps and the zero end time", () => {
    const body = valid();
    body.alerts[0].startsAt = "2026-11-26T23:49:48.970123456+01:00";
    body.extraFieldFromNewerAlertmanager = true;
    const result = parseWebhookPayload(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(memberOfGroup(result.payload)).toBe(member);
    expect(result.payload.alerts).toHaveLength(2);
    expect(result.payload.alerts[1]?.endsAt).toBe("0001-01-01T00:00:00Z");
  });

  it("takes the member from commonLabels when the group is not keyed by it", () => {
    const body = valid();
    body.groupLabels = { alertname: "BlackboxProbeFailed" };
    const result = parseWebhookPayload(body);
    expect(result.ok && memberOfGroup(result.payload)).toBe(member);
  });

  const malformed: [string, (body: Json) => unknown, string][] = [
    ["not an object", () => "hello", "payload: Invalid input: expected object, received string"],
    ["another payload version", (b) => ((b.version = "3"), b), 'version: Invalid input: expected "4"'],
    ["an unknown group status", (b) => ((b.status = "pending"), b), "status: Invalid option"],
    ["no groupKey", (b) => (delete b.groupKey, b), "groupKey: Invalid input: expected string, received undefined"],
    ["no alerts", (b) => ((b.alerts = []), b), "alerts: Too small: expected array to have >=1 items"],
    [
      "an alert without alertname",
      (b) => (delete b.alerts[0].labels.alertname, b),
      "alerts[0].labels: an alert needs an alertname label",
    ],
    [
      "a non-string label",
      (b) => ((b.alerts[1].labels.severity = 3), b),
      "alerts[1].labels.severity: Invalid input: expected string, received number",
    ],
    [
      "a label name that is not Vigie's, without echoing it",
      (b) => ((b.alerts[0].labels["Alice's VM"] = 3), b),
      "alerts[0].labels[…]: Invalid input",
    ],
    ["a bad timestamp", (b) => ((b.alerts[0].startsAt = "yesterday"), b), "alerts[0].startsAt: Invalid ISO datetime"],
    ["an empty fingerprint", (b) => ((b.alerts[1].fingerprint = ""), b), "alerts[1].fingerprint: Too small"],
    ["a negative truncatedAlerts", (b) => ((b.truncatedAlerts = -1), b), "truncatedAlerts: Too small"],
    [
      "no member label",
      (b) => ((b.groupLabels = {}), (b.commonLabels = {}), b),
      "groupLabels.member: the group has no member label",
    ],
    [
      "alerts of two members",
      (b) => ((b.alerts[1].labels.member = "m_other"), b),
      "alerts[1].labels.member: the alerts span several members",
    ],
  ];

  it.each(malformed)("refuses %s with a readable reason", (_name, breakIt, reason) => {
    const result = parseWebhookPayload(breakIt(valid()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(reason);
  });
});
