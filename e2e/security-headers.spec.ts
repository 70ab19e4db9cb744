import type { Page, Response } from "@playwright/test";
import { exportOverHttp } from "./pages/account-page";
import { adminInfraPage } from "./pages/admin-infra-page";
import { channelsPage } from "./pages/channels-page";
import { targetAdded, targetsPage } from "./pages/targets-page";
import { startBrickServer } from "./support/brick-server";
import { expect, test } from "./support/test";

type Kind = "page" | "other";

/** What every response carries; pages a nonce-based script policy, everything else a policy that allows nothing. */
function expectSecurityHeaders(headers: Record<string, string>, what: string, kind: Kind) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  // The e2e portal runs on http://localhost: HSTS there would be ignored at best (security-headers.test.ts: https).
  expect(headers["strict-transport-security"], what).toBeUndefined();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  if (kind === "page") expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
  else expect(csp, what).toMatch(/^default-src 'none'/);
}

function nonceOf(headers: Record<string, string>): string {
  return /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")![1]!;
}

/** Every script of the served HTML carries the response's nonce (or the browser would refuse to run it). */
async function expectScriptsCarryNonce(response: Response, what: string) {
  const headers = await response.allHeaders();
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, what).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, what).toContain(`nonce="${nonceOf(headers)}"`);
}

async function expectPage(page: Page, path: string, status = 200): Promise<Record<string, string>> {
  const response = (await page.goto(path))!;
  expect(response.status(), path).toBe(status);
  const headers = await response.allHeaders();
  expectSecurityHeaders(headers, path, "page");
  await expectScriptsCarryNonce(response, path);
  return headers;
}

/** Records what the browser refused under the policy: its console errors and `securitypolicyviolation` events. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  await page.context().addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  return async () => [
    ...console,
    ...(await page.evaluate(() => (window as Window & { __cspViolations?: string[] }).__cspViolations ?? [])),
  ];
}

/**
 * Writes three hours of response times for the member's target straight into every VictoriaMetrics: the dashboard
 * reads a brick from its kind's tier (VPN/FFDN in the seeded tiers), which this test need not know.
 */
async function seedResponseTimes(page: Page, label: string) {
  const exported = await exportOverHttp(page);
  const targetId = exported.targets.find((target) => target.label === label)!.id;
  const now = Date.now();
  const lines = Array.from(
    { length: 36 },
    (_, index) =>
      `probe_duration_seconds{member="${exported.member.id}",target="${targetId}"} 0.0${(index % 9) + 1} ${now - (index + 1) * 300_000}`,
  );
  for (const instance of process.env.E2E_VICTORIA_METRICS_URLS!.split(",")) {
    const response = await fetch(`${instance}/api/v1/import/prometheus`, { method: "POST", body: lines.join("\n") });
    expect(response.ok).toBe(true);
  }
}

test("every kind of response carries the security headers", async ({ page: anonymous, request, signUp }) => {
  const landing = await expectPage(anonymous, "/fr");
  // A fresh nonce per request: a nonce that repeats is one an attacker can copy.
  expect(nonceOf(await expectPage(anonymous, "/fr"))).not.toBe(nonceOf(landing));
  await expectPage(anonymous, "/fr/channels/confirm/not-a-real-token");
  await expectPage(anonymous, "/fr/no-such-page", 404);

  await expectPage((await signUp("Alice")).page, "/fr/targets");
  await expectPage((await signUp("Admin", { admin: true })).page, "/fr/admin/requests");

  const scriptUrl = await anonymous.locator("script[src*='/_next/static/']").first().getAttribute("src");
  // The locale redirect answers for a page path, so it carries the page policy (its nonce unused).
  const redirect = await request.get("/", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectSecurityHeaders(redirect.headers(), "/ (redirect to a locale)", "page");
  const others: [string, Awaited<ReturnType<typeof request.get>>, number][] = [
    ["/api/health", await request.get("/api/health"), 200],
    ["/api/channels signed out", await request.get("/api/channels"), 401],
    ["/metrics without a token", await request.get("/metrics"), 401],
    [
      "/metrics",
      await request.get("/metrics", { headers: { Authorization: `Bearer ${process.env.E2E_METRICS_TOKEN}` } }),
      200,
    ],
    ["/metrics/antennas without a token", await request.get("/metrics/antennas"), 401],
    [
      "/metrics/antennas",
      await request.get("/metrics/antennas", {
        headers: { Authorization: `Bearer ${process.env.E2E_METRICS_TOKEN}` },
      }),
      200,
    ],
    ["static script", await request.get(scriptUrl!), 200],
    ["missing file", await request.get("/no-such-file.txt"), 404],
    ["webhook without a token", await request.post("/api/alertmanager/webhook", { data: {} }), 401],
  ];
  for (const [what, response, status] of others) {
    expect(response.status(), what).toBe(status);
    expectSecurityHeaders(response.headers(), what, "other");
  }
});

test("member and admin pages hydrate and run their client components without a policy violation", async ({
  signUp,
}) => {
  const brick = await startBrickServer();
  try {
    const { page: alice } = await signUp("Alice");
    const aliceViolations = await watchViolations(alice);
    const targets = targetsPage(alice);
    await targets.goto();
    // Switching the kind shows other fields: only a hydrated form does that.
    await targets.kind.selectOption({ label: "Hôte (ping)" });
    await expect(targets.field("Nom d’hôte ou adresse IP")).toBeVisible();
    await targets.kind.selectOption({ label: "Brique (HTTP et certificat TLS)" });
    await targets.field("Nom").fill("Brique CSP");
    await targets.field("Adresse (URL)").fill(brick.url);
    await targets.addButton.click();
    await expect(targets.status).toHaveText(targetAdded);

    const channels = channelsPage(alice);
    await channels.choose("E-mail");
    await expect(channels.field("Adresse e-mail")).toBeVisible();
    await alice.goto("/fr/silences");
    await alice.goto("/fr/settings");

    // The dashboard's chart (uPlot) plots 20-minute averages of the last day: give it a few past hours of probes.
    await seedResponseTimes(alice, "Brique CSP");
    await expect(async () => {
      await alice.goto("/fr/dashboard");
      await alice.locator("details summary", { hasText: "Brique CSP" }).click();
      await expect(alice.locator(".uplot canvas").first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    expect(await aliceViolations()).toEqual([]);

    const { page: admin } = await signUp("Admin", { admin: true });
    const adminViolations = await watchViolations(admin);
    for (const path of ["/fr/admin/requests", "/fr/admin/sync", "/fr/admin/deliveries", "/fr/admin/infra"]) {
      expect((await admin.goto(path))?.status(), path).toBe(200);
    }
    // A server action from a client form: the infra page's component form refuses an empty name in place.
    await adminInfraPage(admin).addComponentButton.click();
    await expect(admin.getByText("Donnez un nom.").first()).toBeVisible();
    expect(await adminViolations()).toEqual([]);
  } finally {
    await brick.close();
  }
});
