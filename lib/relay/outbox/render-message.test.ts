import { describe, expect, it } from "vitest";
import type { NotificationAlert } from "@/lib/db/schema";
import { hugeGroup } from "@/lib/testing/relay/huge-group";
import { escapeHtml, renderNotification } from "./render-message";

const probeFailed: NotificationAlert = {
  alertname: "BlackboxProbeFailed",
  status: "firing",
  severity: "critical",
  targetId: "t_brick",
  instance: "https://brick.example.org/",
  summary: "Probe failed",
  startsAt: "2026-11-26T23:49:48.97Z",
};
const certExpiring: NotificationAlert = {
  ...probeFailed,
  alertname: "BlackboxSslCertificateWillExpireSoon",
  targetId: "t_site",
  startsAt: "2026-11-25T08:05:00Z",
};
const targetLabels = new Map([
  ["t_brick", "Brique du salon"],
  ["t_site", "Site <perso> & co"],
]);

describe("renderNotification", () => {
  it("renders a firing group in French with labels, plain-word names and since when", () => {
    const message = renderNotification({ locale: "fr", alerts: [probeFailed, certExpiring], targetLabels });
    expect(message.body).toBe(
      [
        "🔴 2 problèmes en cours",
        "• Brique du salon\u00a0: ne répond plus, depuis le 27 novembre à 00:49",
        "• Site <perso> & co\u00a0: son certificat TLS expire bientôt, depuis le 25 novembre à 09:05",
      ].join("\n"),
    );
    expect(message.formattedBody).toBe(
      "<p><strong>🔴 2 problèmes en cours</strong></p><ul>" +
        "<li><strong>Brique du salon</strong>\u00a0: ne répond plus, depuis le 27 novembre à 00:49</li>" +
        "<li><strong>Site &#60;perso&#62; &#38; co</strong>\u00a0: son certificat TLS expire bientôt, depuis le 25 novembre à 09:05</li></ul>",
    );
  });

  it("renders a resolved alert in Dutch", () => {
    const message = renderNotification({
      locale: "nl",
      alerts: [{ ...probeFailed, status: "resolved" }],
      targetLabels,
    });
    expect(message.body).toBe(
      "✅ Probleem opgelost\n• Brique du salon: reageert niet meer, opgelost (sinds 27 november om 00:49)",
    );
    expect(message.formattedBody).toBe(
      "<p><strong>✅ Probleem opgelost</strong></p><ul><li><strong>Brique du salon</strong>: reageert niet meer, opgelost (sinds 27 november om 00:49)</li></ul>",
    );
  });

  it("renders in English, counting only still-firing alerts and listing them first", () => {
    const message = renderNotification({
      locale: "en",
      alerts: [{ ...certExpiring, status: "resolved" }, probeFailed],
      targetLabels,
    });
    expect(message.body).toBe(
      [
        "🔴 One ongoing problem",
        "• Brique du salon: is not responding, since 27 November at 00:49",
        "• Site <perso> & co: its TLS certificate expires soon, resolved (since 25 November at 09:05)",
      ].join("\n"),
    );
  });

  it("never shows an id: unknown targets and unknown alert names get words", () => {
    const message = renderNotification({
      locale: "en",
      alerts: [
        { ...probeFailed, alertname: "VpnLinkFlapping", summary: null, targetId: "t_deleted" },
        { ...probeFailed, alertname: "DiskSmartWarning", summary: "Disk <sda> reports SMART errors", targetId: null },
      ],
      targetLabels,
      timeZone: "UTC",
    });
    expect(message.body).toBe(
      [
        "🔴 2 ongoing problems",
        "• One of your devices: Vpn link flapping, since 26 November at 23:49",
        "• One of your devices: Disk <sda> reports SMART errors, since 26 November at 23:49",
      ].join("\n"),
    );
    expect(message.body).not.toMatch(/t_|m_/);
    expect(message.formattedBody).toContain("Disk &#60;sda&#62; reports SMART errors");
  });

  it("says a repeat is a reminder, once every still-firing alert was already told", () => {
    const reminder = renderNotification({ locale: "fr", alerts: [{ ...probeFailed, reminder: true }], targetLabels });
    expect(reminder.body.split("\n")[0]).toBe("🔴 Toujours un problème en cours");
    const mixed = renderNotification({
      locale: "fr",
      alerts: [{ ...probeFailed, reminder: true }, certExpiring],
      targetLabels,
    });
    expect(mixed.body.split("\n")[0]).toBe("🔴 2 problèmes en cours");
  });

  it("says a brick answered with a redirect, and which code, in the member's language", () => {
    const redirect: NotificationAlert = {
      ...probeFailed,
      alertname: "BlackboxHttpRedirect",
      summary: "Answered with a redirect (HTTP 302)",
      statusCode: 302,
    };
    const line = (locale: "fr" | "nl" | "en") =>
      renderNotification({ locale, alerts: [redirect], targetLabels, timeZone: "UTC" }).body.split("\n")[1];
    expect(line("en")).toBe(
      "• Brique du salon: answered with a redirect (HTTP 302), which Vigie does not follow: the address must answer by itself, since 26 November at 23:49",
    );
    expect(line("fr")).toContain("a répondu par une redirection (HTTP 302)");
    expect(line("nl")).toContain("antwoordde met een doorverwijzing (HTTP 302)");
  });
});

const morePattern: Record<"fr" | "nl" | "en", RegExp> = {
  en: /…and (\d+) more$/,
  fr: /… et (\d+) autres alertes$/,
  nl: /… en nog (\d+) meldingen$/,
};

describe("renderNotification: messages that fit every transport", () => {
  it.each(["fr", "nl", "en"] as const)(
    "renders a 500-alert group in %s under every transport's limit, counting what it leaves out",
    (locale) => {
      const message = renderNotification({ locale, ...hugeGroup() });
      const lines = message.body.split("\n");
      const shown = lines.filter((line) => line.startsWith("• ")).length;
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThanOrEqual(20);
      expect(Number(morePattern[locale].exec(lines.at(-1)!)?.[1]) + shown).toBe(500);
      expect(message.formattedBody).toContain(escapeHtml(lines.at(-1)!));
      // A Matrix edit carries the message twice (fallback and m.new_content); megolm's base64 adds a third.
      const content = {
        msgtype: "m.text",
        body: `* ${message.body}`,
        format: "org.matrix.custom.html",
        formatted_body: `* ${message.formattedBody}`,
      };
      const edit = {
        ...content,
        "m.new_content": { ...content, body: message.body, formatted_body: message.formattedBody },
        "m.relates_to": { rel_type: "m.replace", event_id: "$x" },
      };
      expect((Buffer.byteLength(JSON.stringify(edit)) * 4) / 3 + 2048).toBeLessThan(64 * 1024);
      // Mattermost posts hold 16,383 characters; Gotify and e-mail get the same body.
      expect(message.body.length).toBeLessThan(16_383);
    },
  );

  it("keeps a short group whole, without a count of hidden alerts", () => {
    const message = renderNotification({ locale: "en", alerts: [probeFailed, certExpiring], targetLabels });
    expect(message.body).not.toMatch(/more$/);
  });
});
