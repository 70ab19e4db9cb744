import { describe, expect, it } from "vitest";
import { renderRules } from "@/lib/monitoring/render-rules";
import { productionTimings } from "@/lib/monitoring/timings";
import { kindsSnapshot } from "@/lib/testing/monitoring/kind-fixtures";
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

describe("alert names", () => {
  it("every alert Vigie renders has a plain-words name in every language", () => {
    const rules = Object.values(renderRules(kindsSnapshot, productionTimings)).join("\n");
    const alertNames = [...rules.matchAll(/alert: (\w+)/g)].map((match) => match[1]!);
    expect(alertNames.length).toBeGreaterThan(5);
    for (const locale of locales) {
      const names: Record<string, string> = messagesFor(locale).bot.alerts.names;
      expect(
        alertNames.filter((name) => !(name in names)),
        locale,
      ).toEqual([]);
    }
  });
});
