import { describe, expect, it } from "vitest";
import { messageBudget } from "./render-message";
import { renderNotice } from "./render-notice";

const targetLabels = new Map([
  ["t_1", "VPS de la cuisine"],
  ["t_2", "Brique <salon>"],
]);

describe("renderNotice", () => {
  it("tells the member which channel stopped, why, and where to re-link it", () => {
    const message = renderNotice({
      locale: "fr",
      notice: {
        type: "channel_disabled",
        channelType: "matrix",
        address: "@alice:example.org",
        reason: "matrix: HTTP 403 M_FORBIDDEN",
      },
      targetLabels,
      publicUrl: "https://vigie.example.org",
    });
    expect(message.body).toBe(
      "⚠️ Un de vos canaux ne reçoit plus vos alertes\nVigie n’arrive plus à envoyer vos alertes sur Matrix (@alice:example.org)\u00a0: matrix: HTTP 403 M_FORBIDDEN. Liez-le à nouveau depuis vos canaux dans le portail\u00a0: https://vigie.example.org/fr/channels",
    );
  });

  it("tells the member which target was paused for safety, why, and how to resume it, in their language", () => {
    const render = (locale: "fr" | "nl" | "en", reason: "address_not_allowed" | "address_is_monitoring_host") =>
      renderNotice({
        locale,
        notice: { type: "target_guard_paused", targetIds: ["t_2"], reason },
        targetLabels,
        publicUrl: "https://vigie.example.org",
      });
    expect(render("en", "address_not_allowed").body).toBe(
      "⏸️ One of your targets was paused for safety\nVigie stopped watching Brique <salon>: its name now leads to an address that may not be watched (private, loopback or reserved). Check its DNS records, then save the target again in the portal to have it checked and resumed: https://vigie.example.org/en/targets",
    );
    expect(render("fr", "address_is_monitoring_host").body).toContain(
      "Vigie ne surveille plus Brique <salon>\u00a0: son nom mène désormais à un des serveurs de surveillance de Neutrinet.",
    );
    expect(render("nl", "address_not_allowed").formattedBody).toContain("Brique &#60;salon&#62;");
  });

  it("tells the member which target went back to an admin, and why, in their language", () => {
    const render = (locale: "fr" | "nl" | "en") =>
      renderNotice({
        locale,
        notice: { type: "target_sent_to_review", targetIds: ["t_2"] },
        targetLabels,
        publicUrl: "https://vigie.example.org",
      });
    expect(render("en").body).toBe(
      "⏳ One of your targets waits for an admin again\nThe name of Brique <salon> now also leads to addresses outside the networks Vigie approves on its own, so an admin must check it, as for a new target; Vigie stops watching it meanwhile. Nothing to do unless the change was not yours: then fix its DNS records. https://vigie.example.org/en/targets",
    );
    expect(render("fr").body).toContain(
      "Le nom de Brique <salon> mène maintenant aussi à des adresses hors des réseaux",
    );
    expect(render("nl").formattedBody).toContain("Brique &#60;salon&#62;");
  });

  it("names the member's own targets in an incident, in their language, escaped in HTML", () => {
    const started = renderNotice({
      locale: "nl",
      notice: {
        type: "infra_started",
        incidentId: "x_1",
        componentKind: "vpn_server",
        componentName: "vpn1",
        targetIds: ["t_1", "t_2", "t_gone"],
      },
      targetLabels,
      publicUrl: "https://vigie.example.org",
    });
    expect(started.body).toContain(
      "De VPN-server (vpn1) ligt plat: VPS de la cuisine en Brique <salon> zijn niet meer bereikbaar.",
    );
    expect(started.formattedBody).toContain("Brique &#60;salon&#62;");
    const ended = renderNotice({
      locale: "en",
      notice: {
        type: "infra_ended",
        incidentId: "x_1",
        componentKind: "hypervisor",
        componentName: "pve1",
        targetIds: ["t_1"],
      },
      targetLabels,
      publicUrl: "https://vigie.example.org",
    });
    expect(ended.body).toBe(
      "✅ Incident over\nThe server hosting VPS de la cuisine (pve1) is back. Alerts for these targets resume.",
    );
  });

  it("passes the team's own words through as they are", () => {
    const note = renderNotice({
      locale: "fr",
      notice: { type: "infra_note", incidentId: "x_1", componentName: "pve1", text: "Retour prévu vers 18 h." },
      targetLabels,
      publicUrl: "https://vigie.example.org",
    });
    expect(note.body).toBe("📣 Message de l’équipe au sujet de pve1\nRetour prévu vers 18 h.");
  });

  it("keeps notices with hundreds of targets, or a very long note, within the message budget", () => {
    const ids = Array.from({ length: 500 }, (_, index) => `t_${index}`);
    const labels = new Map(ids.map((id) => [id, `Brique <"${id}"> `.padEnd(300, "&é")]));
    const notices = [
      {
        type: "infra_started" as const,
        incidentId: "x_1",
        componentKind: "hypervisor" as const,
        componentName: "pve1",
        targetIds: ids,
      },
      { type: "infra_note" as const, incidentId: "x_1", componentName: "pve1", text: `<"&'>`.repeat(20_000) },
    ];
    for (const notice of notices) {
      const message = renderNotice({
        locale: "fr",
        notice,
        targetLabels: labels,
        publicUrl: "https://vigie.example.org",
      });
      expect(Buffer.byteLength(JSON.stringify(message.body))).toBeLessThanOrEqual(messageBudget.body);
      expect(Buffer.byteLength(JSON.stringify(message.formattedBody))).toBeLessThanOrEqual(messageBudget.formattedBody);
    }
  });
});
