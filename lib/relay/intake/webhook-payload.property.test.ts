import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileText } from "@/lib/testing/hostile-text";
import { alertGroupPayload } from "@/lib/testing/relay/payloads";
import { memberOfGroup, parseWebhookPayload } from "./webhook-payload";

const memberId = fc.stringMatching(/^m_[0-9a-f]{20}$/);
const iso = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const wellFormedGroup = fc
  .record({
    member: memberId,
    status: fc.constantFrom<"firing" | "resolved">("firing", "resolved"),
    alerts: fc.array(
      fc.record({
        alertname: hostileText.filter(Boolean),
        summary: hostileText,
        startsAt: iso,
        fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
      }),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
  })
  .map(({ member, status, alerts }) => ({ member, payload: alertGroupPayload(member, { status, alerts }) }));

describe("the Alertmanager payload parser, on any body", () => {
  it("never throws on arbitrary JSON, and explains every refusal", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const parsed = parseWebhookPayload(body);
        if (!parsed.ok) expect(parsed.reason).not.toBe("");
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts every well-formed group, whatever its texts, and gives it to its one member", () => {
    fc.assert(
      fc.property(wellFormedGroup, ({ member, payload }) => {
        const parsed = parseWebhookPayload(JSON.parse(JSON.stringify(payload)));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(memberOfGroup(parsed.payload)).toBe(member);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses a group one of whose alerts belongs to another member", () => {
    fc.assert(
      fc.property(wellFormedGroup, memberId, fc.nat(), ({ member, payload }, other, pick) => {
        fc.pre(other !== member);
        const alert = payload.alerts[pick % payload.alerts.length]!;
        alert.labels.member = other;
        expect(parseWebhookPayload(payload).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("never echoes a label or annotation value in the reason it gives (refusals are logged)", () => {
    const secret = "S3cr3t-member-text";
    fc.assert(
      fc.property(
        wellFormedGroup,
        fc.constantFrom("version", "startsAt", "fingerprint", "alertname", "status"),
        ({ payload }, broken) => {
          const alert = payload.alerts[0]!;
          alert.annotations = { summary: secret };
          alert.labels.target = secret;
          if (broken === "version") Object.assign(payload, { version: secret });
          if (broken === "startsAt") alert.startsAt = secret;
          if (broken === "fingerprint") alert.fingerprint = "";
          if (broken === "alertname") alert.labels.alertname = "";
          if (broken === "status") Object.assign(alert, { status: secret });
          const parsed = parseWebhookPayload(payload);
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.reason).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });
});
