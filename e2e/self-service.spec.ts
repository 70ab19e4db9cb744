import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { gotifyStandInHost } from "./support/gotify-stand-in";
import { signIn } from "./support/sign-in";

type CapturedMail = { to: string[]; subject: string; text: string };

async function addTarget(page: Page, kind: string, fields: Record<string, string>) {
  await page.goto("/fr/targets");
  await page.getByLabel("Type de cible").selectOption({ label: kind });
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Ajouter" }).click();
}

test("a VPS waits for an admin, who approves one request and rejects another with a reason", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  await addTarget(alice, "VPS (machine virtuelle Proxmox)", { Nom: "VPS d'Alice", "Identifiant de la machine virtuelle": "qemu/101" });
  await expect(alice.getByRole("status")).toHaveText("Demande envoyée. La surveillance commencera quand un·e admin l'aura acceptée.");
  await addTarget(alice, "Lien VPN", { Nom: "VPN d'Alice", "Nom du compte VPN": "alice-cube" });
  const vpsRow = alice.getByRole("row", { name: /VPS d'Alice/ });
  await expect(vpsRow).toContainText("Demande en attente");

  const admin = await signIn(browser, "admin");
  await admin.goto("/fr/admin/requests");
  const vpsRequest = admin.getByRole("row", { name: /VPS d'Alice/ });
  await vpsRequest.getByRole("button", { name: "Accepter" }).click();
  await expect(admin.getByText("Demande « VPS d'Alice » acceptée")).toBeVisible();
  const vpnRequest = admin.getByRole("row", { name: /VPN d'Alice/ });
  await vpnRequest.getByRole("button", { name: "Refuser" }).click();
  await expect(admin.getByText("Indiquez le motif du refus ; le membre le lira.")).toBeVisible();
  await admin.getByRole("row", { name: /VPN d'Alice/ }).getByLabel("Motif du refus").fill("Ce compte VPN n'est pas à votre nom.");
  await admin.getByRole("row", { name: /VPN d'Alice/ }).getByRole("button", { name: "Refuser" }).click();
  await expect(admin.getByText("Demande « VPN d'Alice » refusée. Le membre voit le motif.")).toBeVisible();

  await alice.reload();
  await expect(alice.getByRole("row", { name: /VPS d'Alice/ })).toContainText("Surveillée");
  await expect(alice.getByRole("row", { name: /VPN d'Alice/ })).toContainText("Ce compte VPN n'est pas à votre nom.");
});

test("an approval holds only for the address the admin saw: a request edited meanwhile is refused, then approved as it is now", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  await addTarget(alice, "VPS (machine virtuelle Proxmox)", { Nom: "VPS modifié", "Identifiant de la machine virtuelle": "qemu/201" });
  const admin = await signIn(browser, "admin");
  await admin.goto("/fr/admin/requests");
  await expect(admin.getByRole("row", { name: /VPS modifié/ })).toContainText("qemu/201");

  // Alice changes the guest id while the admin's page still shows the old one.
  await alice.getByRole("row", { name: /VPS modifié/ }).getByRole("link", { name: "Modifier VPS modifié" }).click();
  await expect(alice).toHaveURL(/\/targets\/t_[^/]+\/edit$/);
  await alice.getByLabel("Identifiant de la machine virtuelle", { exact: true }).fill("qemu/202");
  await alice.getByRole("button", { name: "Enregistrer" }).click();
  await expect(alice.getByRole("status")).toHaveText("Modifications enregistrées. La nouvelle adresse attend l'accord d'un·e admin.");

  await admin.getByRole("row", { name: /VPS modifié/ }).getByRole("button", { name: "Accepter" }).click();
  await expect(admin.getByText("Le membre a modifié cette demande après l'ouverture de la page : elle surveille maintenant qemu/202.")).toBeVisible();
  const row = admin.getByRole("row", { name: /VPS modifié/ });
  await expect(row).toContainText("qemu/202");
  await row.getByRole("button", { name: "Accepter" }).click();
  await expect(admin.getByText("Demande « VPS modifié » acceptée")).toBeVisible();
  await alice.goto("/fr/targets");
  await expect(alice.getByRole("row", { name: /VPS modifié/ })).toContainText("Surveillée");
});

test("an e-mail channel is verified through the link mailed to the member", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  await alice.goto("/fr/channels");
  await alice.getByLabel("Type de canal").selectOption({ label: "E-mail" });
  await alice.getByLabel("Adresse e-mail").fill("alice@example.org");
  await alice.getByRole("button", { name: "Envoyer le lien de confirmation" }).click();
  const row = alice.locator('tr[data-channel="alice@example.org"]');
  await expect(row).toContainText("En attente de liaison");

  let link: string | undefined;
  await expect(async () => {
    const inbox = (await (await fetch(process.env.E2E_MAIL_INBOX!)).json()) as CapturedMail[];
    const mail = inbox.find((candidate) => candidate.to.includes("alice@example.org"));
    link = mail?.text.match(/https?:\/\/\S+\/channels\/confirm\/\S+/)?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });

  const confirmation = await (await browser.newContext()).newPage();
  await confirmation.goto(link!);
  await confirmation.getByRole("button", { name: /Confirmer/ }).click();
  await expect(row).toContainText("Vérifié", { timeout: 15_000 });
});

test("a member exports their data, then deletes their account", async ({ browser }) => {
  const carol = await signIn(browser, "carol");
  await addTarget(carol, "Hôte (ping)", { Nom: "Routeur de Carol", "Nom d'hôte ou adresse IP": "127.0.0.1" });
  await expect(carol.getByRole("status")).toHaveText("Cible ajoutée. La surveillance commence dans quelques secondes.");
  await addTarget(carol, "Port TCP", { Nom: "SSH de Carol", "Nom d'hôte ou adresse IP": "127.0.0.1", Port: "70000" });
  await expect(carol.getByText("Le port est un nombre entier de 1 à 65535.")).toBeVisible();
  await expect(carol.getByLabel("Port", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await carol.getByLabel("Port", { exact: true }).fill("22");
  await carol.getByRole("button", { name: "Ajouter" }).click();
  await expect(carol.getByRole("cell", { name: "127.0.0.1:22" })).toBeVisible();

  await carol.goto("/fr/account");
  const downloadPromise = carol.waitForEvent("download");
  await carol.getByRole("link", { name: "Télécharger mes données (JSON)" }).click();
  const exported = JSON.parse(await readFile((await (await downloadPromise).path())!, "utf8"));
  expect(JSON.stringify(exported)).toContain("Routeur de Carol");
  expect(JSON.stringify(exported)).not.toContain("Alice");

  await carol.getByLabel("Pour confirmer, tapez SUPPRIMER").fill("supprimer");
  await carol.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
  await expect(carol.getByRole("button", { name: "Se connecter avec mon compte VPN" })).toBeVisible();

  // Signing in again creates a new, empty member: nothing of the old account is left.
  const again = await signIn(browser, "carol");
  await again.goto("/fr/targets");
  await expect(again.getByText("Routeur de Carol")).toHaveCount(0);
});

test("a Gotify channel is verified with the code pushed to the member's Gotify server", async ({ browser }) => {
  // Gotify cannot run here: a stand-in answering its documented `POST /message` records what the portal pushes.
  const gotify = await startRecordingServer({ status: 200, body: JSON.stringify({ id: 1 }) }, gotifyStandInHost);
  try {
    const bob = await signIn(browser, "bob");
    await bob.goto("/fr/channels");
    await bob.getByLabel("Type de canal").selectOption({ label: "Gotify" });
    // A refused form keeps its channel type and what was typed (but the token, which never returns to the browser).
    await bob.getByLabel("Adresse de votre serveur Gotify").fill("pas une adresse");
    await bob.getByLabel("Jeton d'application Gotify").fill("AppToken.e2e-1234");
    await bob.getByRole("button", { name: "Envoyer un code" }).click();
    await expect(bob.getByLabel("Adresse de votre serveur Gotify")).toHaveAttribute("aria-invalid", "true");
    await expect(bob.getByLabel("Type de canal")).toHaveValue("gotify");
    await bob.getByLabel("Adresse de votre serveur Gotify").fill(gotify.url);
    await bob.getByLabel("Jeton d'application Gotify").fill("AppToken.e2e-1234");
    await bob.getByRole("button", { name: "Envoyer un code" }).click();
    await expect(bob.getByRole("heading", { name: "Entrez le code reçu dans Gotify" })).toBeVisible();
    const push = gotify.requests.at(-1);
    expect(push).toMatchObject({ method: "POST", url: "/message", headers: { "x-gotify-key": "AppToken.e2e-1234" } });
    const code = /\b([2-9A-Z]{8})\b/.exec((push!.body as { message: string }).message)![1]!;

    await bob.getByLabel("Code de vérification").fill("WRONGCOD");
    await bob.getByRole("button", { name: "Vérifier" }).click();
    await expect(bob.getByLabel("Code de vérification")).toHaveAttribute("aria-invalid", "true");
    await bob.getByLabel("Code de vérification").fill(code.toLowerCase());
    await bob.getByRole("button", { name: "Vérifier" }).click();
    await expect(bob.getByText("Votre canal Gotify est vérifié.")).toBeVisible();
    await expect(bob.locator(`tr[data-channel="${gotify.url}"]`)).toContainText("Vérifié");
  } finally {
    await gotify.close();
  }
});

test("a Mattermost channel is linked by sending the token to the bot in a direct message", async ({ browser }) => {
  // Mattermost cannot run here: the stand-in follows its documented API (REST v4 and the WebSocket `posted` event),
  // and plays bob's client through its `/__fake` control paths.
  const mattermost = process.env.E2E_MATTERMOST_URL!;
  const sendDirectMessage = (id: string, message: string) =>
    fetch(`${mattermost}/__fake/posted`, {
      method: "POST",
      body: JSON.stringify({ id, userId: "mm-bob", channelId: "dm-bob-vigie", message, channelType: "D" }),
    });
  const bob = await signIn(browser, "bob");
  await bob.goto("/fr/channels");
  await bob.getByLabel("Type de canal").selectOption({ label: "Mattermost" });
  await bob.getByLabel("Nom d'utilisateur Mattermost").fill("@bob");
  await bob.getByRole("button", { name: "Obtenir un jeton de liaison" }).click();
  await expect(bob.getByText(/Ouvrez une conversation privée avec @vigie/)).toBeVisible();
  const command = (await bob.getByTestId("link-command").textContent())!.trim();
  expect(command).toMatch(/^!link \S{22,}$/);
  const row = bob.locator('tr[data-channel="bob"]');
  await expect(row).toContainText("En attente de liaison");

  await sendDirectMessage("e2e-link-1", command);
  // No reload: the page polls until the bot has accepted the token.
  await expect(row).toContainText("Vérifié", { timeout: 30_000 });
  const posts = (await (await fetch(`${mattermost}/__fake/posts`)).json()) as { channel_id: string; message: string }[];
  expect(posts.filter((post) => post.channel_id === "dm-bob-vigie")).toHaveLength(1);
});
