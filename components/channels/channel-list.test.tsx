import { NextIntlClientProvider } from "next-intl";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { messagesFor, translatorFor } from "@/lib/i18n/messages";
import { ChannelList } from "./channel-list";
import type { ChannelView } from "./types";

const base: ChannelView = {
  id: "c_1",
  type: "email",
  address: "membre@example.org",
  state: "verified",
  minSeverity: "info",
  verifiedAt: "2026-11-30T09:15:00.000Z",
  disabled: null,
  lastDelivery: null,
};
const none = () => undefined;

function render(channels: ChannelView[], locale: "fr" | "en" = "fr") {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={messagesFor(locale)} timeZone="Europe/Brussels">
      <ChannelList channels={channels} onRenew={none} onTest={none} onDelete={none} onSeverity={none} />
    </NextIntlClientProvider>,
  );
}

describe("ChannelList", () => {
  it("offers the test message on a verified channel, with its verification date in the page's language", () => {
    const html = render([base]);
    expect(html).toContain("Envoyer un message d’essai");
    expect(html).toContain("depuis le 30 nov. 2026");
    expect(html).toContain("Aucun envoi pour l’instant");
    expect(html).toContain('class="stacked-table');
    expect(html).toContain('data-label="Dernier envoi"');
  });

  it("offers a new link, not a test, on a pending channel", () => {
    const html = render([{ ...base, type: "matrix", address: "@a:example.org", state: "pending", verifiedAt: null }]);
    expect(html).not.toContain("Envoyer un message d’essai");
    expect(html).toContain("En attente de liaison");
  });

  it("shows the last delivery: delivered, or failed with the transport's reason", () => {
    const sent = render(
      [{ ...base, lastDelivery: { state: "sent", at: "2026-12-01T08:00:00.000Z", error: null } }],
      "en",
    );
    expect(sent).toContain("Delivered on Dec 1, 2026, 9:00");
    const failed = render([
      { ...base, lastDelivery: { state: "dead", at: "2026-12-01T08:00:00.000Z", error: "email: SMTP 550" } },
    ]);
    expect(failed).toContain("Échec le 1 déc. 2026");
    expect(failed).toContain("email: SMTP 550");
  });
});

describe("the channels page's sentences", () => {
  // A placeholder misspelt in one language makes next-intl show the key instead of the sentence.
  it.each(["fr", "nl", "en"] as const)("format with their values in %s", (locale) => {
    const t = translatorFor(locale, "ui");
    const sentences = [
      t("channels.test.queued", { address: "a@example.org" }),
      t("channels.linked.body", { address: "@a:example.org" }),
      t("channels.verifiedOn", { date: "1" }),
      t("channels.lastDelivery.sent", { date: "1" }),
      t("channels.lastDelivery.failed", { date: "1" }),
      t("channels.lastDelivery.pending", { date: "1" }),
      t("channels.live.changed", { channel: "Matrix", address: "@a:example.org", state: "x", delivery: "y" }),
      t("channels.live.several", { count: 2 }),
      t("targets.live.changed", { label: "Ma brique", state: "x" }),
      t("targets.live.several", { count: 2 }),
      t("targets.useSuggestion", { suggestion: "https://b.example.org" }),
    ];
    for (const sentence of sentences) {
      expect(sentence).not.toMatch(/^(channels|targets)\./);
      expect(sentence).not.toMatch(/[{}]/);
    }
    expect(sentences[0]).toContain("a@example.org");
    expect(sentences[1]).toContain("@a:example.org");
  });
});
