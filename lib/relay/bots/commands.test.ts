import { describe, expect, it } from "vitest";
import { isAcknowledgement, parseCommand } from "./commands";

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
    expect(parseCommand("!reboot now")).toEqual({ kind: "unknown", command: "!reboot" });
    expect(parseCommand(`!${"x".repeat(100)}`)).toEqual({ kind: "unknown", command: `!${"x".repeat(31)}` });
  });

  it.each(["!status", "!statut", "!STATUS"])("reads %s as status", (body) => {
    expect(parseCommand(body)).toEqual({ kind: "status" });
  });

  it("reads !unlink", () => {
    expect(parseCommand("!unlink")).toEqual({ kind: "unlink" });
  });

  it("reads !silence with a duration and an optional target of several words", () => {
    expect(parseCommand("!silence 2h")).toEqual({ kind: "silence", duration: "2h", target: null });
    expect(parseCommand("!silence 30m Ma brique")).toEqual({ kind: "silence", duration: "30m", target: "Ma brique" });
    expect(parseCommand("!silence 1d 2")).toEqual({ kind: "silence", duration: "1d", target: "2" });
    expect(parseCommand("!silence")).toEqual({ kind: "silence", duration: null, target: null });
  });

  it("recognises ack alone in a reply, ignoring the quoted alert", () => {
    expect(isAcknowledgement("> <@vigie:x> 🔴 One ongoing problem\n\nack")).toBe(true);
    expect(isAcknowledgement(" ACK ")).toBe(true);
    expect(isAcknowledgement("ack later")).toBe(false);
    expect(isAcknowledgement("> ack\nno")).toBe(false);
  });

  it.each(["hello", "", "   ", "link abc", "say !link abc"])("ignores plain message %j", (body) => {
    expect(parseCommand(body)).toBeNull();
  });
});
