import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { reasonMessageValues } from "@/lib/action-result";
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

describe("every message", () => {
  it("parses as next-intl reads it (a bare `<name>` is an unclosed tag: the page would show the key)", () => {
    for (const locale of locales) {
      const errors: string[] = [];
      const t = createTranslator({
        locale,
        messages: messagesFor(locale),
        onError: (error) => errors.push(error.message),
      });
      for (const key of keysOf(messagesFor(locale))) t(key as Parameters<typeof t>[0]);
      expect(
        errors.filter((message) => message.startsWith("INVALID_MESSAGE")),
        locale,
      ).toEqual([]);
    }
  });
});

describe("refusal messages", () => {
  it("quote only values a refusal can carry (a missing one shows the key instead of the message)", () => {
    for (const locale of locales) {
      const errors: string[] = [];
      // The pages' own formatter (next-intl's), which reports a missing value here and shows the key instead.
      const t = createTranslator({
        locale,
        messages: messagesFor(locale),
        namespace: "ui.errors",
        onError: (error) => errors.push(error.message),
      });
      for (const reason of Object.keys(messagesFor(locale).ui.errors)) {
        t(reason as Parameters<typeof t>[0], reasonMessageValues());
      }
      expect(errors, locale).toEqual([]);
    }
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
