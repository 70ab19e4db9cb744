import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { messagesFor } from "@/lib/i18n/messages";
import type { ListedSilence } from "@/lib/silences/data";
import { silenceRows } from "./silence-rows";
import { SilenceTable } from "./silence-table";

// The table's lift button imports the server action, hence the session module; nothing here signs in.
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());

const once: ListedSilence = {
  id: "s_once",
  kind: "once",
  state: "active",
  targetId: "t_1",
  targetLabel: "Brique",
  startsAt: new Date("2026-12-01T08:00:00Z"),
  endsAt: new Date("2026-12-01T10:30:00Z"),
  weekly: null,
  comment: "mise à jour du routeur",
  createdVia: "portal",
};
const weekly: ListedSilence = {
  ...once,
  id: "s_weekly",
  kind: "weekly",
  state: "recurring",
  startsAt: null,
  endsAt: null,
  weekly: { weekdays: [5, 1, 3], start: "02:00", end: "03:00" },
  comment: "",
};

describe("silenceRows", () => {
  it("writes dates in the page's language, in Brussels time, whatever language the member stored", () => {
    expect(silenceRows([once], "en")[0]!.when).toMatch(/^from Dec 1, 2026, 9:00\sAM to Dec 1, 2026, 11:30\sAM$/);
    expect(silenceRows([once], "nl")[0]!.when).toBe("van 1 dec 2026, 09:00 tot 1 dec 2026, 11:30");
    expect(silenceRows([once], "fr")[0]!.when).toBe("du 1 déc. 2026, 09:00 au 1 déc. 2026, 11:30");
  });

  it("names a weekly window's days Monday first, in the page's language", () => {
    expect(silenceRows([weekly], "en")[0]!.when).toBe("Monday, Wednesday, and Friday, from 02:00 to 03:00");
    expect(silenceRows([weekly], "nl")[0]!.when).toBe("maandag, woensdag en vrijdag, van 02:00 tot 03:00");
  });

  it("keeps the member's note", () => {
    expect(silenceRows([once, weekly], "fr").map((row) => row.comment)).toEqual(["mise à jour du routeur", ""]);
  });
});

describe("SilenceTable", () => {
  it("shows each silence's note in its row, under the note's column", () => {
    const html = renderToStaticMarkup(
      <NextIntlClientProvider locale="en" messages={messagesFor("en")} timeZone="Europe/Brussels">
        <SilenceTable silences={silenceRows([once, weekly], "en")} />
      </NextIntlClientProvider>,
    );
    expect(html).toContain('<th scope="col">Note</th>');
    expect(html).toMatch(/<td data-label="Note"[^>]*>mise à jour du routeur<\/td>/);
  });
});
