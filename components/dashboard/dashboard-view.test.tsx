import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DashboardTargetView } from "@/lib/dashboard/view";
import type { Locale } from "@/lib/i18n/config";
import { messagesFor } from "@/lib/i18n/messages";
import { DashboardTable } from "./dashboard-table";
import { IncidentList } from "./incident-list";
import { DayTimeline, RecentTimeline } from "./uptime-bars";

const render = (node: ReactNode, locale: Locale = "fr") =>
  renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={messagesFor(locale)} timeZone="Europe/Brussels">
      {node}
    </NextIntlClientProvider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

// 2026-11-30 10:00 UTC, 11:00 in Brussels.
const t0 = 1_796_032_800;
const target: DashboardTargetView = {
  id: "t_1",
  label: "Ma brique",
  kind: "brick",
  address: "https://ma-brique.nohost.me/",
  state: "down",
  since: t0,
  unknownReason: null,
  uptime: { "24h": 0.5, "7d": 0.9, "30d": 0.99 },
  responseMs: null,
  certDaysLeft: 2,
  redirectStatus: null,
  recent: [],
  days: [],
  incidents: [],
};

describe("DashboardTable", () => {
  it("labels each cell for the phone's cards and says the state's start, the certificate's urgency in words", () => {
    const html = render(<DashboardTable targets={[target]} />);
    expect(html).toContain('class="stacked-table');
    expect(html).toContain('data-label="État"');
    expect(html).toContain("ma-<wbr/>brique.");
    expect(text(html)).toContain("Hors ligne depuis le 30 nov. 2026, 11:00");
    expect(text(html)).toContain("2 jours restants — à renouveler");
    expect(html).toContain('data-level="critical"');
  });

  it("says why a state is unknown", () => {
    const html = render(<DashboardTable targets={[{ ...target, state: "unknown", unknownReason: "no_probe_yet" }]} />);
    expect(text(html)).toContain("Inconnu pas encore sondée");
  });
});

describe("timelines", () => {
  it("gives every run and every day a text equivalent, and the whole a summary", () => {
    const runs = [
      { start: t0, end: t0 + 3_600, state: "up" as const },
      { start: t0 + 3_600, end: t0 + 3_660, state: "down" as const },
    ];
    const recent = render(<RecentTimeline runs={runs} />);
    expect(recent.match(/<li /g)).toHaveLength(2);
    expect(recent).toContain('title="Hors ligne du 30 nov. 2026, 12:00 au 30 nov. 2026, 12:01"');
    expect(text(recent)).toContain("1 panne, 98,36 % du temps mesuré en ligne.");
    const days = render(
      <DayTimeline
        days={[
          { start: t0, share: 0.5 },
          { start: t0 + 86_400, share: null },
        ]}
      />,
      "en",
    );
    expect(days).toContain('data-state="down"');
    expect(text(days)).toContain("Dec 1, 2026: no data");
    expect(text(days)).toContain("Last 2 days: 1 day with an outage, 1 day without data.");
  });
});

describe("IncidentList", () => {
  it("shows one outage with its cause, start, end and duration, and an ongoing one", () => {
    const html = render(
      <IncidentList
        now={t0 + 7_200}
        incidents={[
          { cause: "ne répond plus", start: t0 + 3_600, end: null, undelivered: true },
          { cause: "ne répond plus", start: t0, end: t0 + 5 * 60, undelivered: false },
        ]}
      />,
    );
    expect(text(html)).toContain("ne répond plus En cours (non délivrée)");
    expect(text(html)).toContain("Début : 30 nov. 2026, 12:00 · Durée : 1 h");
    expect(text(html)).toContain("Fin : 30 nov. 2026, 11:05 · Durée : 5 minutes");
  });
});
