import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { formKinds, rejectReasonSchema, targetInputSchema } from "./schema";

// Inputs that together produce every code the schema can give; the guard's and the mutations' codes follow. The
// schema's own messages are read (not `fieldErrorsOf`, which says `unexpected` for a message the catalogue lacks).
const badInputs = [
  { kind: "nope" },
  { kind: "brick", label: "", url: "" },
  { kind: "brick", label: "x".repeat(81), url: `https://${"a".repeat(2050)}` },
  { kind: "brick", label: "x", url: "nope" },
  { kind: "brick", label: "x", url: "ftp://x.org" },
  { kind: "brick", label: "x", url: "https://u:p@x.org" },
  { kind: "tcp", label: "x", host: "", port: "0" },
  { kind: "ping", label: "x", host: "not a host" },
  { kind: "vps", label: "x", vmId: "101" },
  { kind: "vpn", label: "x", client: "a b" },
];
const laterCodes = [
  "host_not_found",
  "address_not_allowed",
  "address_is_monitoring_host",
  "target_not_found",
  "unexpected",
];
const reviewCodes = [
  "reason_required",
  "reason_too_long",
  "request_not_pending",
  "request_changed",
  "not_admin",
  "unexpected",
];

const schemaCodes = badInputs.flatMap((input) => {
  const parsed = targetInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
});

describe.each(locales)("target messages in %s", (locale) => {
  const { targets, errors } = messagesFor(locale).ui;

  it("translates every error code a target form can show", () => {
    expect(schemaCodes.length).toBeGreaterThan(12);
    for (const code of [...schemaCodes, ...laterCodes]) expect(errors, code).toHaveProperty([code]);
  });

  it("names every kind and labels every field of its form", () => {
    for (const kind of formKinds) expect(targets.kind).toHaveProperty([kind]);
    for (const field of ["url", "host", "port", "vmId", "client"]) {
      expect(targets).toHaveProperty([field]);
      expect(targets).toHaveProperty([`${field}Hint`]);
    }
  });

  it("translates every outcome of a review", () => {
    expect(rejectReasonSchema.safeParse("").error?.issues[0]?.message).toBe("reason_required");
    for (const code of reviewCodes) expect(errors, code).toHaveProperty([code]);
  });
});
