import { describe, expect, it } from "vitest";
import { type LoginLimits, limitLoginCallbacks } from "./login-callbacks";
import { createWindowLimiter } from "./window-limiter";

const ran: string[] = [];
const handler = async (request: Request) => {
  ran.push(new URL(request.url).pathname);
  return new Response("ok", { status: 302 });
};
const limitsOf =
  (perAddress: number, trustedHops = 0): (() => LoginLimits) =>
  () => ({
    perAddress: createWindowLimiter({ limit: perAddress, windowMs: 60_000 }),
    trustedHops,
  });
const callback = (from: string, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/api/auth/callback/oidc?code=x&state=y", {
    headers: { "x-forwarded-for": from, ...headers },
  });

describe("limitLoginCallbacks", () => {
  it("answers 429 with Retry-After, in the browser's language, past an address's share, without running the callback", async () => {
    const route = limitLoginCallbacks({ GET: handler, POST: handler }, limitsOf(2));
    expect((await route.GET(callback("198.51.100.7"))).status).toBe(302);
    expect((await route.POST(callback("198.51.100.7"))).status).toBe(302);
    const before = ran.length;
    const refused = await route.GET(callback("198.51.100.7", { cookie: "theme=x; NEXT_LOCALE=nl" }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(55);
    expect(await refused.text()).toMatch(
      /^Te veel aanmeldpogingen vanaf uw adres\. Probeer het opnieuw over \d+ seconden\.$/,
    );
    const english = await route.GET(callback("198.51.100.7", { "accept-language": "en-GB,en;q=0.8" }));
    expect(await english.text()).toMatch(/^Too many sign-in attempts/);
    expect(ran.length).toBe(before);
    expect((await route.GET(callback("198.51.100.8"))).status).toBe(302);
  });

  it("never limits the other auth routes (session, sign-in page, CSRF)", async () => {
    const route = limitLoginCallbacks({ GET: handler, POST: handler }, limitsOf(1));
    for (let i = 0; i < 5; i += 1)
      expect((await route.GET(new Request("http://127.0.0.1:3000/api/auth/session"))).status).toBe(302);
  });

  it("behind a trusted proxy, counts the address it appended, whatever the client wrote before it", async () => {
    const route = limitLoginCallbacks({ GET: handler, POST: handler }, limitsOf(1, 1));
    expect((await route.GET(callback("1.1.1.1, 198.51.100.7"))).status).toBe(302);
    expect((await route.GET(callback("2.2.2.2, 198.51.100.7"))).status).toBe(429);
  });

  it("lets no flood lock others out: rotating X-Forwarded-For or IPv6 /64s never makes a fresh client's callback 429", async () => {
    // The limits the route gets from the default settings: 10 a minute, TRUSTED_PROXY_HOPS=0.
    const route = limitLoginCallbacks({ GET: handler, POST: handler });
    for (let i = 0; i < 1_000; i += 1) await route.GET(callback(`10.${i >> 8}.${i & 255}.1`));
    expect((await route.GET(callback("198.51.100.7"))).status).toBe(302);
    const fromOneHome = await Promise.all(
      Array.from({ length: 20 }, (_, i) => route.GET(callback(`2001:db8:5:${i.toString(16)}::1`))),
    );
    expect(fromOneHome.filter((response) => response.status === 429)).toHaveLength(10);
    expect((await route.GET(callback("2001:db8:6::1"))).status).toBe(302);
  });
});
