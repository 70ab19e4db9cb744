import { startRecordingServer } from "@/lib/testing/relay/recording-server.fake";
import { accountPage } from "./pages/account-page";
import { adminRequestsPage } from "./pages/admin-requests-page";
import { channelsPage } from "./pages/channels-page";
import { homePage } from "./pages/home-page";
import { targetAdded, targetsPage } from "./pages/targets-page";
import { gotifyStandInHost } from "./support/gotify-stand-in";
import { expect, test } from "./support/test";

type CapturedMail = { to: string[]; subject: string; text: string };

test("a VPS waits for an admin, who approves one request and rejects another with a reason", async ({ signUp }) => {
  const alice = targetsPage((await signUp("Alice")).page);
  await alice.add("VPS (machine virtuelle Proxmox)", {
    Nom: "VPS d'Alice",
    "Identifiant de la machine virtuelle": "qemu/101",
  });
  await expect(alice.status).toHaveText(
    "Demande envoyée. La surveillance commencera quand un·e admin l’aura acceptée.",
  );
  await alice.add("Lien VPN", { Nom: "VPN d'Alice", "Nom du compte VPN": "alice-cube" });
  await expect(alice.row("VPS d'Alice")).toContainText("Demande en attente");

  const { page: adminPage } = await signUp("Admin", { admin: true });
  const requests = adminRequestsPage(adminPage);
  await requests.goto();
  await requests.approve("VPS d'Alice");
  await expect(adminPage.getByText("Demande « VPS d'Alice » acceptée")).toBeVisible();
  await requests.startRefusal("VPN d'Alice");
  await expect(adminPage.getByText("Indiquez le motif du refus ; le membre le lira.")).toBeVisible();
  await requests.refuse("VPN d'Alice", "Ce compte VPN n'est pas à votre nom.");
  await expect(adminPage.getByText("Demande « VPN d'Alice » refusée. Le membre voit le motif.")).toBeVisible();

  await alice.goto();
  await expect(alice.row("VPS d'Alice")).toContainText("Surveillée");
  await expect(alice.row("VPN d'Alice")).toContainText("Ce compte VPN n'est pas à votre nom.");
});

test("an approval holds only for the address the admin saw: a request edited meanwhile is refused, then approved as it is now", async ({
  signUp,
}) => {
  const alice = targetsPage((await signUp("Alice")).page);
  await alice.add("VPS (machine virtuelle Proxmox)", {
    Nom: "VPS modifié",
    "Identifiant de la machine virtuelle": "qemu/201",
  });
  const { page: adminPage } = await signUp("Admin", { admin: true });
  const requests = adminRequestsPage(adminPage);
  await requests.goto();
  await expect(requests.row("VPS modifié")).toContainText("qemu/201");

  // Alice changes the guest id while the admin's page still shows the old one.
  await alice.edit("VPS modifié");
  await alice.field("Identifiant de la machine virtuelle").fill("qemu/202");
  await alice.saveEdit();
  await expect(alice.status).toHaveText(
    "Modifications enregistrées. La nouvelle adresse attend l’accord d’un·e admin.",
  );

  await requests.approve("VPS modifié");
  await expect(
    adminPage.getByText(
      "Le membre a modifié cette demande après l’ouverture de la page : elle surveille maintenant qemu/202.",
    ),
  ).toBeVisible();
  await expect(requests.row("VPS modifié")).toContainText("qemu/202");
  await requests.approve("VPS modifié");
  await expect(adminPage.getByText("Demande « VPS modifié » acceptée")).toBeVisible();
  await alice.goto();
  await expect(alice.row("VPS modifié")).toContainText("Surveillée");
});

test("an e-mail channel is verified through the link mailed to the member", async ({ browser, signUp }) => {
  const { account, page } = await signUp("Alice");
  const channels = channelsPage(page);
  await channels.requestEmailLink(account.email);
  const row = channels.row(account.email);
  await expect(row).toContainText("En attente de liaison");

  let link: string | undefined;
  await expect(async () => {
    const inbox = (await (await fetch(process.env.E2E_MAIL_INBOX!)).json()) as CapturedMail[];
    const mail = inbox.find((candidate) => candidate.to.includes(account.email));
    link = mail?.text.match(/https?:\/\/\S+\/channels\/confirm\/\S+/)?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });

  const confirmationContext = await browser.newContext();
  const confirmation = await confirmationContext.newPage();
  await confirmation.goto(link!);
  await confirmation.getByRole("button", { name: /Confirmer/ }).click();
  await expect(row).toContainText("Vérifié", { timeout: 15_000 });
  await confirmationContext.close();
});

test("a member exports their data, then deletes their account", async ({ signUp, signIn }) => {
  // Another member's data, which the export must not carry.
  const alice = targetsPage((await signUp("Alice")).page);
  await alice.add("Hôte (ping)", { Nom: "Routeur d'Alice", "Nom d’hôte ou adresse IP": "127.0.0.1" });
  await expect(alice.status).toHaveText(targetAdded);

  const { account, page } = await signUp("Carol");
  const carol = targetsPage(page);
  await carol.add("Hôte (ping)", { Nom: "Routeur de Carol", "Nom d’hôte ou adresse IP": "127.0.0.1" });
  await expect(carol.status).toHaveText(targetAdded);
  await carol.add("Port TCP", { Nom: "SSH de Carol", "Nom d’hôte ou adresse IP": "127.0.0.1", Port: "70000" });
  await expect(page.getByText("Le port est un nombre entier de 1 à 65535.")).toBeVisible();
  await expect(carol.field("Port")).toHaveAttribute("aria-invalid", "true");
  await carol.field("Port").fill("22");
  await carol.addButton.click();
  await expect(page.getByRole("cell", { name: "127.0.0.1:22" })).toBeVisible();

  const accountOfCarol = accountPage(page);
  await accountOfCarol.goto();
  const exported = await accountOfCarol.exportData();
  expect(JSON.stringify(exported)).toContain("Routeur de Carol");
  expect(JSON.stringify(exported)).not.toContain("Alice");

  await accountOfCarol.deleteAccount("supprimer");
  await expect(homePage(page).signInButton).toBeVisible();

  // Signing in again creates a new, empty member: nothing of the old account is left.
  const again = await signIn(account);
  await targetsPage(again).goto();
  await expect(again.getByText("Routeur de Carol")).toHaveCount(0);
});

test("a Gotify channel is verified with the code pushed to the member's Gotify server", async ({ signUp }) => {
  // Gotify cannot run here: a stand-in answering its documented `POST /message` records what the portal pushes.
  const gotify = await startRecordingServer({ status: 200, body: JSON.stringify({ id: 1 }) }, gotifyStandInHost);
  try {
    const { page } = await signUp("Bob");
    const channels = channelsPage(page);
    await channels.choose("Gotify");
    // A refused form keeps its channel type and what was typed (but the token, which never returns to the browser).
    await channels.requestGotifyCode("pas une adresse", "AppToken.e2e-1234");
    await expect(channels.field("Adresse de votre serveur Gotify")).toHaveAttribute("aria-invalid", "true");
    await expect(channels.kind).toHaveValue("gotify");
    await channels.requestGotifyCode(gotify.url, "AppToken.e2e-1234");
    await expect(page.getByRole("heading", { name: "Entrez le code reçu dans Gotify" })).toBeVisible();
    const push = gotify.requests.at(-1);
    expect(push).toMatchObject({ method: "POST", url: "/message", headers: { "x-gotify-key": "AppToken.e2e-1234" } });
    const code = /\b([2-9A-Z]{8})\b/.exec((push!.body as { message: string }).message)![1]!;

    await channels.submitGotifyCode("WRONGCOD");
    await expect(channels.field("Code de vérification")).toHaveAttribute("aria-invalid", "true");
    await channels.submitGotifyCode(code.toLowerCase());
    await expect(page.getByText("Votre canal Gotify est vérifié.")).toBeVisible();
    await expect(channels.row(gotify.url)).toContainText("Vérifié");
  } finally {
    await gotify.close();
  }
});

test("a Mattermost channel is linked by sending the token to the bot in a direct message", async ({ signUp }) => {
  // Mattermost cannot run here: the stand-in follows its documented API (REST v4 and the WebSocket `posted` event),
  // and plays the member's client through its `/__fake` control paths. Its user `mm-<name>` is called <name>.
  const mattermost = process.env.E2E_MATTERMOST_URL!;
  const { account, page } = await signUp("Bob");
  const username = account.login;
  const directChannel = `dm-${username}-vigie`;
  const sendDirectMessage = (id: string, message: string) =>
    fetch(`${mattermost}/__fake/posted`, {
      method: "POST",
      body: JSON.stringify({ id, userId: `mm-${username}`, channelId: directChannel, message, channelType: "D" }),
    });
  const channels = channelsPage(page);
  await channels.choose("Mattermost");
  const command = await channels.requestLinkCommand("Nom d’utilisateur Mattermost", `@${username}`);
  await expect(page.getByText(/Ouvrez une conversation privée avec @vigie/)).toBeVisible();
  const row = channels.row(username);
  await expect(row).toContainText("En attente de liaison");

  await sendDirectMessage(`e2e-link-${username}`, command);
  // No reload: the page polls until the bot has accepted the token.
  await expect(row).toContainText("Vérifié", { timeout: 30_000 });
  const posts = (await (await fetch(`${mattermost}/__fake/posts`)).json()) as { channel_id: string; message: string }[];
  expect(posts.filter((post) => post.channel_id === directChannel)).toHaveLength(1);
});
