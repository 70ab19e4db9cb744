import fc from "fast-check";

/**
 * Characters that have broken parsers, databases and renderers before: NUL (PostgreSQL refuses it in text and
 * jsonb), other C0/C1 controls, DEL, lone surrogates (invalid UTF-16, mangled by UTF-8 encoders), bidi overrides,
 * zero-width joiners, markup and template delimiters, quotes, path and URL punctuation.
 */
const nasty = [
  "\u0000",
  "\u0001",
  "\u0007",
  "\b",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\u000c",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  "\ud800",
  "\udfff",
  "\u202e",
  "\u2066",
  "\u200b",
  "\u200d",
  "\ufeff",
  "\ufffd",
  "\uffff",
  "<",
  ">",
  "&",
  '"',
  "'",
  "`",
  "\\",
  "/",
  "{{",
  "}}",
  "${",
  "%s",
  "%00",
  "../",
  "*",
  "_",
  "~",
  "|",
  "[",
  "]",
  "(",
  ")",
  "@",
  ":",
  "!",
  "#",
  "?",
  "=",
  ",",
  ";",
  " ",
  "é",
  "ß",
  "ı",
  "İ",
  "😀",
  "👩‍👩‍👧",
  "ﷺ",
  "𝕏",
] as const;

const nastyPiece = fc.constantFrom(...nasty);

/** Short text mixing ordinary characters with the ones above. */
export const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 8, unit: "grapheme" }) },
      { weight: 2, arbitrary: nastyPiece },
    ),
    { maxLength: 12 },
  )
  .map((pieces) => pieces.join(""));

/** Now and then a long one: limits and truncation must hold too. */
export const hostileOrLongText = fc.oneof(
  { weight: 30, arbitrary: hostileText },
  {
    weight: 1,
    arbitrary: fc
      .tuple(hostileText, fc.integer({ min: 200, max: 10_000 }))
      .map(([text, length]) => text.padEnd(length, text || "x")),
  },
);

/** A value a form field could carry: ordinary-looking values, hostile text, or what a hand-made POST sends. */
export function fieldValue(plausible: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: plausible.length > 0 ? fc.constantFrom(...plausible) : hostileText },
    {
      weight: 2,
      arbitrary:
        plausible.length > 0
          ? fc.tuple(fc.constantFrom(...plausible), hostileText).map(([a, b]) => a + b)
          : hostileText,
    },
    { weight: 4, arbitrary: hostileOrLongText },
  );
}
