import { describe, expect, it } from "vitest";
import { classifyDisabledReason } from "./disabled-reason";

describe("classifyDisabledReason", () => {
  it.each([
    ["matrix", "matrix: HTTP 403 M_FORBIDDEN", "matrix_removed"],
    ["matrix", "matrix: HTTP 404 M_NOT_FOUND", "matrix_removed"],
    ["matrix", "matrix: HTTP 400 M_UNKNOWN", "other"],
    ["matrix", "matrix: the channel has no room yet", "other"],
    ["email", "email: SMTP 550", "email_refused"],
    ["email", "email: SMTP 554", "email_refused"],
    ["email", "email: SMTP 451", "other"],
    ["email", "email: ECONNREFUSED", "other"],
    ["gotify", "gotify: HTTP 401", "gotify_refused"],
    ["gotify", "gotify: HTTP 403", "gotify_refused"],
    ["gotify", "gotify: HTTP 404", "gotify_refused"],
    ["gotify", "gotify: HTTP 400", "other"],
    ["gotify", "gotify: the stored token cannot be decrypted", "other"],
    ["gotify", "gotify: redirected (HTTP 307)", "gotify_redirected"],
    ["gotify", "gotify: address_not_allowed", "gotify_address_refused"],
    ["gotify", "gotify: address_is_monitoring_host", "gotify_address_refused"],
    ["mattermost", "mattermost: HTTP 403", "mattermost_refused"],
    ["mattermost", "mattermost: HTTP 500", "other"],
  ] as const)("%s %j → %s", (type, reason, kind) => {
    expect(classifyDisabledReason(type, reason)).toBe(kind);
  });

  it("does not trust a reason written by another channel type, nor a missing one", () => {
    expect(classifyDisabledReason("gotify", "matrix: HTTP 403 M_FORBIDDEN")).toBe("other");
    expect(classifyDisabledReason("matrix", "gotify: HTTP 403")).toBe("other");
    expect(classifyDisabledReason("email", null)).toBe("other");
  });
});
