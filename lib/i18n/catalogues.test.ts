import { describe, expect, it } from "vitest";
import { locales } from "./config";
import { messagesFor } from "./messages";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("message catalogues", () => {
  it("have the same keys in every language", () => {
    const reference = keysOf(messagesFor("fr")).sort();
    for (const locale of locales) expect(keysOf(messagesFor(locale)).sort(), locale).toEqual(reference);
  });
});
