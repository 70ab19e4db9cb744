import { describe, expect, it } from "vitest";
import { noticeOf, withNotice } from "./page-notice";

describe("page notices", () => {
  it("round-trip through the address as one known word", () => {
    expect(withNotice("/fr/dashboard", "admin-only")).toBe("/fr/dashboard?notice=admin-only");
    expect(noticeOf(new URL(withNotice("/nl", "signed-out"), "http://x").searchParams.get("notice"))).toBe(
      "signed-out",
    );
  });

  it("ignore a missing or unknown flag, so the address bar cannot make the page say anything else", () => {
    expect(noticeOf(null)).toBeNull();
    expect(noticeOf("")).toBeNull();
    expect(noticeOf("<script>")).toBeNull();
    expect(noticeOf("Admin-Only")).toBeNull();
  });
});
