import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { channelTypes } from "@/lib/channels/schema";
import { locales } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { ChannelOverview } from "./channel-overview";

function render(locale: (typeof locales)[number], offered: Record<(typeof channelTypes)[number], boolean>) {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={messagesFor(locale)} timeZone="Europe/Brussels">
      <ChannelOverview offered={offered} />
    </NextIntlClientProvider>,
  );
}

describe("the home page's channels", () => {
  it("describes every channel type there is, in each language, by its name", () => {
    const all = { matrix: true, mattermost: true, gotify: true, email: true };
    for (const locale of locales) {
      const html = render(locale, all);
      for (const type of channelTypes) {
        expect(html, `${locale} ${type}`).toMatch(
          new RegExp(`<li data-channel-type="${type}"><strong>${messagesFor(locale).ui.channels.type[type]}</strong>`),
        );
      }
      expect(html, locale).not.toContain(messagesFor(locale).ui.home.unavailable);
    }
  });

  it("marks a type this server does not offer, and only that one", () => {
    const html = render("en", { matrix: true, mattermost: false, gotify: true, email: true });
    expect(html.match(/\(not offered on this server\)/g)).toHaveLength(1);
    expect(html).toMatch(/data-channel-type="mattermost">.*\(not offered on this server\)<\/span><\/li>/);
  });
});
