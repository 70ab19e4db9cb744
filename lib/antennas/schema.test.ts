import { describe, expect, it } from "vitest";
import { refusalOf } from "@/lib/action-result";
import { antennaFormSchema, antennaInputSchema, rotateSchema } from "./schema";

const good = { placeCode: "BXL-07", tierId: "r_0123456789abcdef0123", notes: "Sur le toit", noClientHours: "12" };
const fieldsOf = (input: Record<string, unknown>) => {
  const parsed = antennaInputSchema.safeParse(input);
  return parsed.success ? null : refusalOf(parsed.error).fields;
};

describe("the antenna input", () => {
  it("takes a short place code, a tier, notes and whole hours", () => {
    expect(antennaInputSchema.parse({ ...good, placeCode: "  BXL-07 ", notes: " deux lignes\r\nici " })).toEqual({
      placeCode: "BXL-07",
      tierId: good.tierId,
      notes: "deux lignes\r\nici",
      noClientHours: 12,
    });
    expect(antennaInputSchema.parse({ ...good, notes: undefined })).toMatchObject({ notes: "" });
    for (const placeCode of ["a", "GNT_12", "sq.bxl.3", "X".repeat(32)])
      expect(fieldsOf({ ...good, placeCode }), placeCode).toBeNull();
  });

  it("says what personal data it found, in the place code and in the notes", () => {
    expect(fieldsOf({ ...good, placeCode: "jean@example.be" })).toEqual({ placeCode: "personal_data_email" });
    expect(fieldsOf({ ...good, placeCode: "0470123456" })).toEqual({ placeCode: "personal_data_phone" });
    expect(fieldsOf({ ...good, placeCode: "Rue Haute 150" })).toEqual({ placeCode: "personal_data_address" });
    expect(fieldsOf({ ...good, notes: "Contact : jean@example.be" })).toEqual({ notes: "personal_data_email" });
    expect(fieldsOf({ ...good, notes: "bel 0470 12 34 56" })).toEqual({ notes: "personal_data_phone" });
    expect(fieldsOf({ ...good, notes: "Kerkstraat 12, 9000 Gent" })).toEqual({ notes: "personal_data_address" });
    // Both fields at once, each with its own reason; an e-mail is named before a phone number in one field.
    expect(fieldsOf({ ...good, placeCode: "+32 2 123 45 67", notes: "0470 12 34 56 ou a@b.be" })).toEqual({
      placeCode: "personal_data_phone",
      notes: "personal_data_email",
    });
  });

  it("refuses the rest, naming each field", () => {
    expect(fieldsOf({ placeCode: "", tierId: "", noClientHours: "" })).toEqual({
      placeCode: "place_code_required",
      tierId: "antenna_tier_required",
      noClientHours: "antenna_no_client_hours_invalid",
    });
    for (const placeCode of ["BXL 07", "-BXL", "X".repeat(33), "squat/7", "é07"])
      expect(fieldsOf({ ...good, placeCode }), placeCode).toEqual({ placeCode: "place_code_invalid" });
    expect(fieldsOf({ ...good, placeCode: "BXL\u000007" })).toEqual({ placeCode: "control_characters" });
    expect(fieldsOf({ ...good, notes: "x".repeat(2001) })).toEqual({ notes: "antenna_notes_too_long" });
    for (const noClientHours of ["0", "169", "1.5", "-3", "douze"])
      expect(fieldsOf({ ...good, noClientHours }), noClientHours).toEqual({
        noClientHours: "antenna_no_client_hours_invalid",
      });
    expect(fieldsOf({ ...good, noClientHours: "168" })).toBeNull();
  });
});

describe("the antenna forms", () => {
  it("read an optional id and a grace among the choices", () => {
    expect(antennaFormSchema.parse(good)).toEqual({ antennaId: null, fields: good });
    expect(antennaFormSchema.safeParse({ ...good, antennaId: "t_0123456789abcdef0123" }).success).toBe(false);
    expect(rotateSchema.parse({ antennaId: "a_0123456789abcdef0123", grace: "7d" })).toEqual({
      antennaId: "a_0123456789abcdef0123",
      grace: "7d",
    });
    expect(rotateSchema.safeParse({ antennaId: "a_0123456789abcdef0123", grace: "30d" }).success).toBe(false);
  });
});
