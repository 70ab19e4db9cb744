import { z } from "zod";
import { type Parsed, refuseFields } from "@/lib/action-result";
import { type Locale, locales } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { controlCharactersError, text } from "@/lib/text-input";

const deleteFormSchema = z.object({
  locale: z.enum(locales),
  confirmation: text().max(100),
});

/** The word a member types to confirm, in the language of the page they are reading. */
export function confirmationWordFor(locale: Locale): string {
  return translatorFor(locale, "ui")("account.delete.word");
}

/** Accepts the confirmation word of the form's language, whatever the case and surrounding spaces. */
export function parseDeleteConfirmation(form: {
  locale: unknown;
  confirmation: unknown;
}): Parsed<Locale, "confirmation"> {
  const parsed = deleteFormSchema.safeParse(form);
  if (!parsed.success) {
    const control = parsed.error.issues.some((issue) => issue.message === controlCharactersError);
    return refuseFields({ confirmation: control ? controlCharactersError : "confirmation_mismatch" });
  }
  const { locale, confirmation } = parsed.data;
  const expected = confirmationWordFor(locale).toLocaleLowerCase(locale);
  if (confirmation.trim().toLocaleLowerCase(locale) !== expected)
    return refuseFields({ confirmation: "confirmation_mismatch" });
  return { ok: true, input: locale };
}
