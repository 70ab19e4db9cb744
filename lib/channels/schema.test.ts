import { describe, expect, it } from "vitest";
import { matrixIdSchema, parseChannelInput, rankSeverity } from "./schema";

describe("matrixIdSchema", () => {
  it.each(["@alice:example.org", "  @bob.x_y=z-1/2+3:matrix.neutrinet.be ", "@a:127.0.0.1:8448", "@a:[::1]:8008"])(
    "accepts %s",
    (value) => {
      expect(matrixIdSchema.safeParse(value).success).toBe(true);
    },
  );

  it("trims what the member typed", () => {
    expect(matrixIdSchema.parse(" @alice:example.org ")).toBe("@alice:example.org");
  });

  it.each([
    "alice:example.org",
    "@alice",
    "@:example.org",
    "@Alice:example.org",
    "@al ice:example.org",
    "@a:exa_mple.org",
    "#room:example.org",
    `@${"a".repeat(250)}:example.org`,
  ])("refuses %s with matrix_id_invalid", (value) => {
    const result = matrixIdSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain("matrix_id_invalid");
  });
});

describe("channel input per type", () => {
  it("normalises what members type", () => {
    expect(parseChannelInput({ type: "mattermost", username: " @Alice.B ", minSeverity: "warning" })).toEqual({
      ok: true,
      input: { type: "mattermost", username: "alice.b", minSeverity: "warning" },
    });
    expect(
      parseChannelInput({
        type: "gotify",
        serverUrl: "https://push.example.org/gotify/",
        appToken: " AbC.d-e_f12 ",
        minSeverity: "info",
      }),
    ).toEqual({
      ok: true,
      input: {
        type: "gotify",
        serverUrl: "https://push.example.org/gotify",
        appToken: "AbC.d-e_f12",
        minSeverity: "info",
      },
    });
    expect(parseChannelInput({ type: "email", email: " Alice@Example.ORG ", minSeverity: "critical" })).toMatchObject({
      ok: true,
      input: { email: "alice@example.org" },
    });
  });

  it.each([
    [{ type: "mattermost", username: "ab", minSeverity: "info" }, { username: "mattermost_username_invalid" }],
    [{ type: "mattermost", username: "1alice", minSeverity: "info" }, { username: "mattermost_username_invalid" }],
    [
      { type: "gotify", serverUrl: "", appToken: "AbCdEf.123", minSeverity: "info" },
      { serverUrl: "gotify_url_required" },
    ],
    [
      { type: "gotify", serverUrl: "ftp://push.example.org", appToken: "AbCdEf.123", minSeverity: "info" },
      { serverUrl: "gotify_url_scheme" },
    ],
    [
      { type: "gotify", serverUrl: "https://u:p@push.example.org", appToken: "short", minSeverity: "info" },
      { serverUrl: "gotify_url_invalid", appToken: "gotify_token_invalid" },
    ],
    [
      { type: "gotify", serverUrl: "https://push.example.org/?token=x", appToken: "AbCdEf.123", minSeverity: "info" },
      { serverUrl: "gotify_url_invalid" },
    ],
    [{ type: "email", email: "not-an-address", minSeverity: "info" }, { email: "email_invalid" }],
    [{ type: "email", email: "a@example.org", minSeverity: "loud" }, { minSeverity: "severity_invalid" }],
    [{ type: "pigeon", minSeverity: "info" }, { type: "channel_type_invalid" }],
  ])("refuses %o with per-field codes", (values, errors) => {
    expect(parseChannelInput(values)).toEqual({ ok: false, reason: Object.values(errors)[0], fields: errors });
  });

  it("ranks severities, unknown ones as critical", () => {
    expect([rankSeverity("info"), rankSeverity("warning"), rankSeverity("critical")]).toEqual([0, 1, 2]);
    expect(rankSeverity(null)).toBe(2);
    expect(rankSeverity("page")).toBe(2);
    expect(rankSeverity("toString")).toBe(2);
  });
});
