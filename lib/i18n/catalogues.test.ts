import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { reasonMessageValues } from "@/lib/action-result";
import { renderRules } from "@/lib/monitoring/render-rules";
import { productionTimings } from "@/lib/monitoring/timings";
import { frenchTypographyProblems, informalDutchWords, textsOf } from "@/lib/testing/catalogue-language";
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

/** Every message of a locale as [key, text] pairs. */
function messagesOf(locale: (typeof locales)[number]): [string, string][] {
  const walk = (value: unknown, prefix: string): [string, string][] =>
    typeof value === "string"
      ? [[prefix, value]]
      : Object.entries(value as object).flatMap(([key, child]) => walk(child, prefix ? `${prefix}.${key}` : key));
  return walk(messagesFor(locale), "");
}

describe("French typography", () => {
  it("every French message has its no-break spaces (U+00A0 before “:” and inside « », U+202F before ; ? !) and ’", () => {
    const problems = messagesOf("fr").flatMap(([key, message]) =>
      textsOf(message).flatMap((text) => frenchTypographyProblems(text).map((problem) => `${key}: ${problem}`)),
    );
    expect(problems).toEqual([]);
  });

  it("finds the faults it is meant to find, and reads ICU arguments, times and addresses as no punctuation", () => {
    const faults = (message: string) => textsOf(message).flatMap(frenchTypographyProblems);
    expect(faults("Cibles derrière: {count}")).toHaveLength(1);
    expect(faults("Cibles derrière : {count}")).toHaveLength(1); // an ordinary space breaks before the colon
    expect(faults("Réessayez\u00a0; rien n’a été fait")).toHaveLength(1); // U+00A0 where U+202F is due
    expect(faults("Vraiment ?")).toHaveLength(1);
    expect(faults("Demande «\u00a0{label}\u00a0» acceptée\u00a0: {detail}")).toEqual([]);
    expect(faults("{count, plural, one {# cible ; encore} other {# cibles}}")).toHaveLength(1);
    expect(faults("Demande «\u00a0{label}» acceptée")).toHaveLength(1);
    expect(faults("Demande «{label}\u00a0» acceptée")).toHaveLength(1);
    expect(faults("<strong>Attention</strong>: {detail}")).toHaveLength(1);
    expect(faults("Vérifiez que l'adresse est la bonne")).toHaveLength(1);
    expect(
      faults(
        "Depuis {since}\u00a0: à 12:30, {host} (2001:db8::1, @alice:matrix.org)\u202f; voir https://x.org/?a=1 ou !link. Vraiment\u202f?!",
      ),
    ).toEqual([]);
  });
});

describe("Dutch register", () => {
  it("speaks to the member with the formal “u/uw”, never “je/jij/jouw”", () => {
    const informal = messagesOf("nl").flatMap(([key, message]) =>
      textsOf(message).flatMap((text) => informalDutchWords(text).map((word) => `${key}: ${word}`)),
    );
    expect(informal).toEqual([]);
  });

  it("finds the informal forms in any case and inside plurals, not inside other words", () => {
    expect(informalDutchWords(textsOf("Je hebt {n, plural, one {# doel van jou} other {# doelen}}").join(" "))).toEqual(
      ["Je", "jou"],
    );
    expect(informalDutchWords("Bewaak jouw brick, jij")).toEqual(["jouw", "jij"]);
    expect(informalDutchWords("U hebt een briefje: bijvoorbeeld een jeep, uw meldingen")).toEqual([]);
  });

  it("names the dashboard “Dashboard”, in the navigation as on the page", () => {
    expect(messagesFor("nl").ui.dashboard.title).toBe("Dashboard");
    for (const locale of locales) {
      expect(messagesFor(locale).ui.nav.dashboard, locale).toBe(messagesFor(locale).ui.dashboard.title);
    }
  });
});
