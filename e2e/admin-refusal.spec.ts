import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { encodeReply } from "next/dist/compiled/react-server-dom-webpack/client.node.js";
import { exportOverHttp } from "./pages/account-page";
import { adminAntennasPage } from "./pages/admin-antennas-page";
import { adminInfraPage } from "./pages/admin-infra-page";
import { adminTiersPage } from "./pages/admin-tiers-page";
import { targetsPage } from "./pages/targets-page";
import { expect, test } from "./support/test";

const adminPagesDir = path.resolve("app/[locale]/(admin)/admin");
/**
 * Every admin page, read from the app folder (nested ones too, such as /admin/antennas/dashboard): a new page is
 * covered without editing this test. Pages under a dynamic segment need an id and are left to their own specs.
 */
const adminPages = readdirSync(adminPagesDir, { recursive: true, encoding: "utf8" })
  .filter((file) => path.basename(file) === "page.tsx" && !file.includes("["))
  .map((file) => `/fr/admin/${path.dirname(file).split(path.sep).join("/")}`)
  .sort();

const adminRoutesDir = path.resolve("app/api/admin");
/**
 * Every admin API route (route.ts under app/api/admin), as its URL pattern and the HTTP methods it exports: a new
 * route is covered without editing this test, and fails it until its dynamic segments have an id below.
 */
const adminRoutes = readdirSync(adminRoutesDir, { recursive: true, encoding: "utf8" })
  .filter((file) => path.basename(file) === "route.ts")
  .map((file) => ({
    pattern: `/api/admin/${path.dirname(file).split(path.sep).join("/")}`,
    methods: [
      ...readFileSync(path.join(adminRoutesDir, file), "utf8").matchAll(
        /export\s+(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE)\b/g,
      ),
    ].map((match) => match[1]!),
  }))
  .sort((a, b) => a.pattern.localeCompare(b.pattern));

/** The refusal a route gives a signed-in member, in French (the member's language): one sentence, nothing else. */
const notAdminText = `${(JSON.parse(readFileSync("lib/i18n/messages/fr/errors.json", "utf8")) as Record<string, string>).not_admin}\n`;

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/**
 * The server actions of the build (ids as the browser sends them in `Next-Action`), with the pages whose forms
 * reference them. An admin action is one only admin pages reference.
 */
function adminActionsOfBuild(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  const actions = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const pages = Object.keys(entry.workers);
    if (pages.length > 0 && pages.every((page) => page.startsWith("app/[locale]/(admin)/"))) {
      actions.set(`${entry.filename}#${entry.exportedName}`, id);
    }
  }
  return actions;
}

/** Calls a server action as React's client does from a form: `Next-Action` header, arguments from encodeReply. */
async function callAction(
  page: Page,
  pagePath: string,
  actionId: string,
  previousState: unknown,
  fields: Record<string, string>,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const body = await encodeReply([previousState, form]);
  const cookies = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  const response = await fetch(new URL(pagePath, process.env.E2E_BASE_URL), {
    method: "POST",
    headers: { "Next-Action": actionId, Accept: "text/x-component", Cookie: cookies },
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text() };
}

// The snapshot below compares whole admin pages, which list every member's requests and the hub's state: this file
// runs alone, before the parallel specs (the "quiet-hub" project of playwright.config.ts).

/** What the admin and the member see of the state an admin action could change. */
async function snapshot(admin: Page, member: Page): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  for (const pagePath of [...adminPages, "/fr/targets"]) {
    const viewer = pagePath.startsWith("/fr/admin/") ? admin : member;
    await viewer.goto(pagePath);
    seen[pagePath] = (await viewer.locator("main").innerText()).replace(
      /\d+\s*(s|min|h)\b|\d{1,2}:\d{2}(:\d{2})?/g,
      "<time>",
    );
  }
  return seen;
}

const infraIdle = { done: null, error: null, fieldErrors: {}, values: {} };
const reviewIdle = { done: null, failure: null };

test("a plain member is refused every admin page, and told why once, on their dashboard", async ({ signUp }) => {
  expect(adminPages.length).toBeGreaterThanOrEqual(4);
  const { page: bob } = await signUp("Bob");
  const notice = bob.getByText("Cette page est réservée aux admins de Neutrinet.");
  for (const pagePath of adminPages) {
    const response = await bob.goto(pagePath);
    expect(response?.status(), pagePath).toBe(200);
    // The flag that asked for the notice leaves the address once the page has said it.
    await expect(bob, pagePath).toHaveURL(/\/fr\/dashboard$/);
    await expect(notice, pagePath).toBeVisible();
    await expect(bob.getByRole("link", { name: "Demandes" }), pagePath).toHaveCount(0);
  }
  await bob.reload();
  await expect(bob.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test("a plain member is refused every admin server action and admin API route, and nothing changes", async ({
  signUp,
}) => {
  const { page: bob } = await signUp("Bob");
  const { page: admin } = await signUp("Admin", { admin: true });

  // Something real for each action to act on: a pending request of bob's, and an infra component.
  const bobTargets = targetsPage(bob);
  const vpsLabel = `VPS refus ${Date.now()}`;
  await bobTargets.add("VPS (machine virtuelle Proxmox)", {
    Nom: vpsLabel,
    "Identifiant de la machine virtuelle": "qemu/4242",
  });
  await expect(bobTargets.row(vpsLabel)).toContainText("Demande en attente");
  const targetId = (await exportOverHttp(bob)).targets.find((target) => target.label === vpsLabel)!.id;

  const actions = adminActionsOfBuild();
  const id = (name: string) => {
    const found = actions.get(name);
    expect(found, `${name} is not an admin action of the build`).toBeTruthy();
    return found!;
  };
  // The harness reaches actions: the admin, through the same call, adds the component the member will go after.
  const componentName = `Composant ${Date.now()}`;
  const created = await callAction(
    admin,
    "/fr/admin/infra",
    id("lib/infra/actions.ts#saveComponentAction"),
    infraIdle,
    {
      kind: "hypervisor",
      name: componentName,
      address: "node/e2e-refusal",
    },
  );
  expect(created.text).toContain('"saved"');
  const infra = adminInfraPage(admin);
  await infra.goto();
  const componentId = await infra.componentId(componentName);
  expect(componentId).toMatch(/^i_[0-9a-f]{20}$/);
  const tierName = `Niveau refus ${Date.now()}`;
  const tierFields = { retention: "6M", writeUrl: "http://127.0.0.1:8428", readUrl: "http://127.0.0.1:8428" };
  const tierCreated = await callAction(admin, "/fr/admin/tiers", id("lib/tiers/actions.ts#saveTierAction"), null, {
    name: tierName,
    ...tierFields,
  });
  expect(tierCreated.text).toContain('"saved"');
  const tiers = adminTiersPage(admin);
  await tiers.goto();
  const tierId = await tiers.tierId(tierName);
  expect(tierId).toMatch(/^r_[0-9a-f]{20}$/);
  // Where an admin's antenna and kind choices would be taken: tiers vmagent writes (an antenna's its own, a kind's
  // one holding kinds), as the e2e hub seeds them.
  const antennaTierId = await tiers.tierId("Squats bis");
  const kindTierId = await tiers.tierId("VPS");
  const placeCode = `REF-${Date.now() % 1_000_000}`;
  const antennaFields = { placeCode, tierId: antennaTierId!, notes: "", noClientHours: "12" };
  const antennaCreated = await callAction(
    admin,
    "/fr/admin/antennas",
    id("lib/antennas/actions.ts#saveAntennaAction"),
    null,
    antennaFields,
  );
  expect(antennaCreated.text).toContain('"registered"');
  const antennas = adminAntennasPage(admin);
  await antennas.goto();
  const antennaId = await antennas.antennaId(placeCode);
  expect(antennaId).toMatch(/^a_[0-9a-f]{20}$/);

  // Each admin action, with input that would succeed for an admin. A new admin action fails here until it is listed.
  const calls: Record<string, { page: string; state: unknown; fields: Record<string, string> }> = {
    "lib/targets/review-actions.ts#reviewRequestAction": {
      page: "/fr/admin/requests",
      state: reviewIdle,
      fields: { targetId, decision: "approve", reason: "" },
    },
    "lib/deliveries/actions.ts#handleFailedDeliveryAction": {
      page: "/fr/admin/deliveries",
      state: reviewIdle,
      fields: { notificationId: "n_00000000000000000000", intent: "discard" },
    },
    "lib/infra/actions.ts#saveComponentAction": {
      page: "/fr/admin/infra",
      state: infraIdle,
      fields: { componentId: componentId!, kind: "hypervisor", name: "Renommé par bob", address: "node/bob" },
    },
    "lib/infra/actions.ts#deleteComponentAction": {
      page: "/fr/admin/infra",
      state: infraIdle,
      fields: { componentId: componentId! },
    },
    "lib/infra/actions.ts#setDependencyAction": {
      page: "/fr/admin/infra",
      state: infraIdle,
      fields: { targetId, componentId: componentId! },
    },
    "lib/infra/actions.ts#sendIncidentNoteAction": {
      page: "/fr/admin/infra",
      state: infraIdle,
      fields: { incidentId: "x_00000000000000000000", noteKey: crypto.randomUUID(), text: "Message de bob" },
    },
    "lib/tiers/actions.ts#saveTierAction": {
      page: "/fr/admin/tiers",
      state: null,
      fields: { tierId: tierId!, name: "Renommé par bob", ...tierFields, retention: "1d" },
    },
    "lib/tiers/actions.ts#deleteTierAction": {
      page: "/fr/admin/tiers",
      state: null,
      fields: { tierId: tierId! },
    },
    "lib/tiers/actions.ts#assignKindTierAction": {
      page: "/fr/admin/tiers",
      state: null,
      fields: { kind: "vpn", tierId: kindTierId! },
    },
    "lib/antennas/actions.ts#saveAntennaAction": {
      page: "/fr/admin/antennas",
      state: null,
      fields: { antennaId: antennaId!, ...antennaFields, placeCode: "BOB-01" },
    },
    "lib/antennas/actions.ts#rotateAntennaAction": {
      page: "/fr/admin/antennas",
      state: null,
      fields: { antennaId: antennaId!, grace: "none" },
    },
    "lib/antennas/actions.ts#revokeAntennaAction": {
      page: "/fr/admin/antennas",
      state: null,
      fields: { antennaId: antennaId! },
    },
  };
  expect([...actions.keys()].sort()).toEqual(Object.keys(calls).sort());

  const before = await snapshot(admin, bob);
  expect(before["/fr/admin/infra"]).toContain(componentName);
  expect(before["/fr/admin/requests"]).toContain(vpsLabel);
  expect(before["/fr/admin/tiers"]).toContain(tierName);
  expect(before["/fr/admin/antennas"]).toContain(placeCode);
  for (const [name, call] of Object.entries(calls)) {
    const answer = await callAction(bob, call.page, id(name), call.state, call.fields);
    expect(answer.status, name).toBe(200);
    expect(answer.text, name).toContain('"not_admin"');
  }

  // Each admin API route, with real ids: the admin gets what the route serves; the member gets 403 and the
  // refusal's one sentence, nothing of it.
  const routeIds: Record<string, string> = { antennaId: antennaId! };
  expect(adminRoutes.length).toBeGreaterThanOrEqual(1);
  for (const route of adminRoutes) {
    const url = route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
      expect(routeIds[name], `${route.pattern}: no id for [${name}]`).toBeTruthy();
      return routeIds[name]!;
    });
    expect(route.methods.length, route.pattern).toBeGreaterThan(0);
    for (const method of route.methods) {
      if (method === "GET") {
        const served = await admin.request.fetch(url, { method });
        expect(served.status(), `${method} ${url} as admin`).toBe(200);
      }
      const refused = await bob.request.fetch(url, { method, maxRedirects: 0 });
      expect(refused.status(), `${method} ${url}`).toBe(403);
      expect(refused.headers()["content-disposition"], `${method} ${url}`).toBeUndefined();
      expect(refused.headers()["content-type"], `${method} ${url}`).toMatch(/^text\/plain/);
      if (method !== "HEAD") expect(await refused.text(), `${method} ${url}`).toBe(notAdminText);
    }
  }
  expect(await snapshot(admin, bob)).toEqual(before);
});
