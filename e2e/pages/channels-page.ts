import { expect, type Page } from "@playwright/test";

/** "Mes canaux": where a member adds a channel, links it to a bot or confirms it, and sees its state. */
export function channelsPage(page: Page) {
  const linkCommand = page.getByTestId("link-command");
  return {
    kind: page.getByLabel("Type de canal"),
    field: (label: string) => page.getByLabel(label),
    /** A channel's row, by the address the member typed (Matrix id, e-mail, Gotify URL, Mattermost username). */
    row: (address: string) => page.locator(`tr[data-channel="${address}"]`),
    goto: () => page.goto("/fr/channels"),
    open: () => page.getByRole("link", { name: "Mes canaux" }).click(),
    async choose(kind: string) {
      await page.goto("/fr/channels");
      await page.getByLabel("Type de canal").selectOption({ label: kind });
    },
    /** Asks for a link token for a chat account (Matrix is the form's default kind) and returns the `!link` command. */
    async requestLinkCommand(accountLabel: string, account: string): Promise<string> {
      await page.getByLabel(accountLabel).fill(account);
      await page.getByRole("button", { name: "Obtenir un jeton de liaison" }).click();
      const command = (await linkCommand.textContent())!.trim();
      expect(command).toMatch(/^!link \S{22,}$/);
      return command;
    },
    async requestEmailLink(address: string) {
      await this.choose("E-mail");
      await page.getByLabel("Adresse e-mail").fill(address);
      await page.getByRole("button", { name: "Envoyer le lien de confirmation" }).click();
    },
    async requestGotifyCode(serverUrl: string, token: string) {
      await page.getByLabel("Adresse de votre serveur Gotify").fill(serverUrl);
      await page.getByLabel("Jeton d’application Gotify").fill(token);
      await page.getByRole("button", { name: "Envoyer un code" }).click();
    },
    async submitGotifyCode(code: string) {
      await page.getByLabel("Code de vérification").fill(code);
      await page.getByRole("button", { name: "Vérifier" }).click();
    },
  };
}
