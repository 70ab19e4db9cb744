import { describe, expect, it } from "vitest";
import { targetInputSchema } from "./schema";
import { suggestHttpsAddress } from "./scheme-suggestion";

const brick = (url: string) => targetInputSchema.safeParse({ kind: "brick", label: "b", url });

describe("an address typed without its scheme", () => {
  it.each([
    ["ma-brique.nohost.me", "https://ma-brique.nohost.me"],
    ["  ma-brique.nohost.me/admin ", "https://ma-brique.nohost.me/admin"],
    ["ma-brique.nohost.me:8443", "https://ma-brique.nohost.me:8443"],
    ["192.0.2.7", "https://192.0.2.7"],
  ])("%s is refused with https:// offered", (typed, suggestion) => {
    expect(suggestHttpsAddress(typed)).toBe(suggestion);
    expect(brick(typed)).toMatchObject({ success: false, error: { issues: [{ message: "url_missing_scheme" }] } });
    expect(brick(suggestion)).toMatchObject({ success: true });
  });

  it.each([
    ["ftp://brique.example.org", "url_scheme"],
    ["javascript:alert(1)", "url_scheme"],
    ["pas une adresse", "url_invalid"],
    ["brique", "url_invalid"],
    ["user:pw@brique.example.org", "url_scheme"],
  ])("%s gets no suggestion and its own reason", (typed, reason) => {
    expect(suggestHttpsAddress(typed)).toBeNull();
    expect(brick(typed)).toMatchObject({ success: false, error: { issues: [{ message: reason }] } });
  });

  it("leaves complete addresses alone", () => {
    expect(suggestHttpsAddress("https://ma-brique.nohost.me")).toBeNull();
    expect(brick("http://ma-brique.nohost.me")).toMatchObject({ success: true });
  });
});
