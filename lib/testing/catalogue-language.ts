import {
  isLiteralElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  parse,
} from "@formatjs/icu-messageformat-parser";

/**
 * The language rules every catalogue message follows (issue 12): French typography and the formal Dutch register.
 * Messages are checked as readers see them: ICU arguments become one placeholder character (a value stands where
 * a word would), each plural or select option is its own text, and tags are transparent.
 */

/** Stands for an ICU argument (`{name}`, `#`, a plural) in a flattened text: a private-use character. */
export const placeholder = "\uE000";
const nbsp = "\u00A0";
const narrowNbsp = "\u202F";

/** The texts a message can show: the message with its arguments as placeholders, and each option's own text. */
export function textsOf(message: string): string[] {
  // Same parse as next-intl's formatter, tags included (`<strong>…</strong>`).
  return flatten(parse(message, { ignoreTag: false }));
}

function flatten(elements: readonly MessageFormatElement[]): string[] {
  const nested: string[] = [];
  let text = "";
  for (const element of elements) {
    if (isLiteralElement(element)) text += element.value;
    else if (isTagElement(element)) {
      const [inner = "", ...rest] = flatten(element.children);
      text += inner;
      nested.push(...rest);
    } else {
      text += placeholder;
      if (isPluralElement(element) || isSelectElement(element)) {
        for (const option of Object.values(element.options)) nested.push(...flatten(option.value));
      }
    }
  }
  return [text, ...nested];
}

/**
 * French typography, one problem per offending character: U+00A0 before `:`, U+202F before `;` `?` `!`, U+00A0
 * inside « », ’ for apostrophes. A mark is punctuation when a space, the end or a value follows it; inside a token
 * it is not (`12:30`, `HH:MM`, `2001:db8::1`, `@alice:matrix.org`, `https://`, `?x=1`, `!link`).
 */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  const chars = Array.from(text);
  chars.forEach((char, index) => {
    const before = chars[index - 1] ?? "";
    const after = chars[index + 1] ?? "";
    const context = chars.slice(Math.max(0, index - 12), index + 12).join("");
    const punctuation = after === "" || after === placeholder || /[\s"»)]/u.test(after);
    if (char === ":" && punctuation && before !== nbsp) problems.push(`U+00A0 before ":" in «${context}»`);
    else if ((char === ";" || char === "?" || char === "!") && punctuation) {
      // "?!" takes one space, before the first mark.
      if (before !== narrowNbsp && before !== "?" && before !== "!")
        problems.push(`U+202F before "${char}" in «${context}»`);
    } else if (char === "«" && after !== nbsp) problems.push(`U+00A0 after "«" in «${context}»`);
    else if (char === "»" && before !== nbsp) problems.push(`U+00A0 before "»" in «${context}»`);
    else if (char === "'" && /\p{L}/u.test(before)) problems.push(`’ for the apostrophe in «${context}»`);
  });
  return problems;
}

/** The informal Dutch "you" in any form; Vigie speaks to members with "u/uw". */
const informalDutch = /(?<![\p{L}\p{N}])(je|jij|jou|jouw|jouwe|jezelf|jullie)(?![\p{L}\p{N}])/giu;

export function informalDutchWords(text: string): string[] {
  return [...text.matchAll(informalDutch)].map((match) => match[0]);
}
