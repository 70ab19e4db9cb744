import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileOrLongText, hostileText } from "@/lib/testing/hostile-text";
import { cleanText } from "../intake/payload-text";
import { isAcknowledgement, parseCommand } from "./commands";

const commandLike = fc
  .tuple(fc.constantFrom("!", " !", "\t!", "!!"), hostileText, fc.array(hostileText, { maxLength: 4 }))
  .map(([bang, name, args]) => `${bang}${name} ${args.join(" ")}`);
const anyBody = fc.oneof(commandLike, hostileOrLongText);

describe("the bot's command parser, on any message", () => {
  it("never throws, and treats as a command exactly the messages starting with '!'", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const command = parseCommand(body);
        expect(command === null).toBe(!cleanText(body).trim().startsWith("!"));
        isAcknowledgement(body);
      }),
      { numRuns: 2000 },
    );
  });

  it("echoes an unknown command short and as well-formed text (no half of a character)", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const command = parseCommand(body);
        if (command?.kind !== "unknown") return;
        expect([...command.command].length).toBeLessThanOrEqual(32);
        expect(command.command.isWellFormed()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a link token and a silence's words without surrounding space", () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const command = parseCommand(body);
        if (command?.kind === "link" && command.token !== null) expect(command.token).toMatch(/^\S+$/);
        if (command?.kind === "silence") {
          if (command.duration !== null) expect(command.duration).toMatch(/^\S+$/);
          if (command.target !== null) expect(command.target).toBe(command.target.trim());
        }
      }),
      { numRuns: 2000 },
    );
  });
});
