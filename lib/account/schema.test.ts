import { describe, expect, it } from "vitest";
import { confirmationWordFor, parseDeleteConfirmation } from "./schema";

describe("parseDeleteConfirmation", () => {
  it("accepts the word of the page's language, ignoring case and spaces", () => {
    expect(
      parseDeleteConfirmation({ locale: "fr", confirmation: ` ${confirmationWordFor("fr").toLowerCase()} ` }),
    ).toEqual({ ok: true, input: "fr" });
    expect(parseDeleteConfirmation({ locale: "nl", confirmation: confirmationWordFor("nl") })).toEqual({
      ok: true,
      input: "nl",
    });
  });

  it("refuses another word, an empty field, another language's word and a forged locale", () => {
    const mismatch = { ok: false, reason: "confirmation_mismatch", fields: { confirmation: "confirmation_mismatch" } };
    expect(parseDeleteConfirmation({ locale: "en", confirmation: "yes" })).toEqual(mismatch);
    expect(parseDeleteConfirmation({ locale: "en", confirmation: "" })).toEqual(mismatch);
    expect(parseDeleteConfirmation({ locale: "en", confirmation: null })).toEqual(mismatch);
    expect(parseDeleteConfirmation({ locale: "en", confirmation: confirmationWordFor("fr") })).toEqual(mismatch);
    expect(parseDeleteConfirmation({ locale: "de", confirmation: confirmationWordFor("en") })).toEqual(mismatch);
  });
});
