import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { messagesFor } from "@/lib/i18n/messages";
import { TargetRowActions } from "./target-row-actions";
import { TargetState } from "./target-state";
import type { TargetView } from "./types";

// The row's actions are server actions; rendering them needs only something callable.
vi.mock("@/lib/targets/actions", () => ({ deleteTargetAction: vi.fn(), setTargetPausedAction: vi.fn() }));
vi.mock("@/lib/i18n/navigation", () => ({
  Link: ({ children, href, ...rest }: { children: ReactNode; href: string }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));

const target: TargetView = {
  id: "t_1",
  label: "Ma brique",
  kind: "brick",
  address: "https://ma-brique.nohost.me/",
  status: "active",
  paused: false,
  guardPauseReason: null,
  reviewNote: null,
  probe: "down",
};
const render = (node: ReactNode) =>
  renderToStaticMarkup(
    <NextIntlClientProvider locale="fr" messages={messagesFor("fr")} timeZone="Europe/Brussels">
      {node}
    </NextIntlClientProvider>,
  );

describe("a target's state", () => {
  it("says what the probe found for a monitored target", () => {
    expect(render(<TargetState target={target} />)).toContain('data-state="down">Hors ligne</span>');
    expect(render(<TargetState target={{ ...target, probe: "up" }} />)).toContain(">En ligne<");
    expect(render(<TargetState target={{ ...target, probe: "unknown" }} />)).toContain(">Pas encore de mesure<");
  });

  it("keeps the admin's word where it matters: a request, a refusal, a pause", () => {
    expect(render(<TargetState target={{ ...target, status: "pending", probe: null }} />)).toContain(
      ">Demande en attente<",
    );
    expect(
      render(<TargetState target={{ ...target, status: "rejected", reviewNote: "Pas à vous", probe: null }} />),
    ).toContain("Pas à vous");
    expect(render(<TargetState target={{ ...target, paused: true, probe: null }} />)).toContain(">En pause<");
  });
});

describe("a target's actions", () => {
  const actions = (overrides: Partial<TargetView>) =>
    render(<TargetRowActions target={{ ...target, ...overrides }} onDone={() => undefined} />);

  it("offers pausing on an approved target only", () => {
    expect(actions({})).toContain("Mettre en pause");
    expect(actions({ paused: true })).toContain("Reprendre");
    expect(actions({ status: "pending" })).not.toContain("Mettre en pause");
    expect(actions({ status: "rejected" })).not.toContain("Mettre en pause");
    expect(actions({ status: "pending" })).toContain("Supprimer");
  });
});
