import { describe, expect, it } from "vitest";
import { parseCommand } from "./commands";

describe("parseCommand", () => {
  it("reads !link and its token", () => {
    expect(parseCommand("!link abc_DEF-123")).toEqual({ kind: "link", token: "abc_DEF-123" });
    expect(parseCommand("  !LINK   abc  ")).toEqual({ kind: "link", token: "abc" });
  });

  it("reports a !link without token", () => {
    expect(parseCommand("!link")).toEqual({ kind: "link", token: null });
  });

  it.each(["!help", "!aide", "!hulp", "!Aide"])("reads %s as help", (body) => {
    expect(parseCommand(body)).toEqual({ kind: "help" });
  });

  it("flags other commands as unknown, echoing a bounded name", () => {
    expect(parseCommand("!status now")).toEqual({ kind: "unknown", command: "!status" });
    expect(parseCommand(`!${"x".repeat(100)}`)).toEqual({ kind: "unknown", command: `!${"x".repeat(31)}` });
  });

  it.each(["hello", "", "   ", "link abc", "say !link abc"])("ignores plain message %j", (body) => {
    expect(parseCommand(body)).toBeNull();
  });
});
