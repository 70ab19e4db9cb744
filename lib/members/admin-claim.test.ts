import { describe, expect, it } from "vitest";
import { isAdminByClaims } from "./admin-claim";

const admin = (profile: Record<string, unknown>, claim = "groups") => isAdminByClaims(profile, claim, "vigie-admins");

describe("OIDC groups claim → admin", () => {
  it("grants admin when the claim lists the admin group, as an array or a string", () => {
    expect(admin({ groups: ["members", "vigie-admins"] })).toBe(true);
    expect(admin({ groups: "vigie-admins" })).toBe(true);
    expect(admin({ groups: "members vigie-admins" })).toBe(true);
    expect(admin({ groups: "members,vigie-admins" })).toBe(true);
  });

  it("reads the configured claim only", () => {
    expect(admin({ roles: ["vigie-admins"] }, "roles")).toBe(true);
    expect(admin({ groups: ["vigie-admins"] }, "roles")).toBe(false);
    expect(admin({ roles: ["vigie-admins"] })).toBe(false);
  });

  it("refuses a member without the claim, with other groups, or with an empty one", () => {
    expect(admin({})).toBe(false);
    expect(admin({ groups: null })).toBe(false);
    expect(admin({ groups: [] })).toBe(false);
    expect(admin({ groups: "" })).toBe(false);
    expect(admin({ groups: ["members", "vpn-users"] })).toBe(false);
  });

  it("compares exactly: case, prefixes, suffixes and paths are other groups", () => {
    for (const group of [
      "Vigie-Admins",
      "VIGIE-ADMINS",
      "vigie-admins-old",
      "old-vigie-admins",
      "vigie-admin",
      "/vigie-admins",
    ]) {
      expect(admin({ groups: [group] }), group).toBe(false);
      expect(admin({ groups: group }), group).toBe(false);
    }
  });

  it("ignores values that are not group names", () => {
    expect(admin({ groups: [{ name: "vigie-admins" }, ["vigie-admins"], 1, true] })).toBe(false);
    expect(admin({ groups: { "vigie-admins": true } })).toBe(false);
    expect(admin({ groups: true })).toBe(false);
  });

  it("does not read inherited properties as the claim", () => {
    expect(isAdminByClaims({}, "constructor", "function Object() { [native code] }")).toBe(false);
    expect(admin(Object.create({ groups: ["vigie-admins"] }))).toBe(false);
  });
});
