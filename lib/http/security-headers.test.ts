import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, framePolicyFor, isPagePath, securityHeaders } from "./security-headers";

const nonce = "c2VjdXJpdHktbm9uY2UtMDE=";
const page = {
  pathname: "/fr/targets",
  nonce,
  publicUrl: "http://localhost:3000",
  oidcIssuer: "http://localhost:9400/oidc",
};

describe("security headers", () => {
  it("gives pages a nonce-based script policy, no inline script or style, no framing", () => {
    const csp = contentSecurityPolicy(page);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it("lets the sign-in form be redirected to the identity provider, and nowhere else", () => {
    expect(contentSecurityPolicy(page)).toContain("form-action 'self' http://localhost:9400;");
    expect(contentSecurityPolicy({ ...page, oidcIssuer: undefined })).toContain("form-action 'self';");
  });

  it("allows nothing to responses that are not pages", () => {
    expect(contentSecurityPolicy({ pathname: "/metrics", publicUrl: page.publicUrl })).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it("sends HSTS and upgrades requests only when the portal is served over https", () => {
    const plain = securityHeaders(page);
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    expect(plain["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
    const https = securityHeaders({ ...page, publicUrl: "https://vigie.neutrinet.be" });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    expect(
      securityHeaders({ pathname: "/api/health", publicUrl: "https://vigie.neutrinet.be" })[
        "Strict-Transport-Security"
      ],
    ).toBe("max-age=31536000");
  });

  it("sets nosniff, the referrer policy and X-Frame-Options on every response", () => {
    for (const context of [page, { pathname: "/api/health", publicUrl: page.publicUrl }]) {
      expect(securityHeaders(context)).toMatchObject({
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
      });
    }
  });

  it("refuses framing by default, on every path", () => {
    for (const path of ["/", "/fr", "/fr/status", "/fr/admin/requests", "/api/health", "/metrics"]) {
      expect(framePolicyFor(path)).toEqual({ ancestors: "'none'" });
    }
  });

  it("tells pages from route handlers and files", () => {
    for (const path of ["/", "/fr", "/nl/targets", "/fr/channels/confirm/abc-DEF_1", "/en/no-such-page"])
      expect(isPagePath(path), path).toBe(true);
    for (const path of [
      "/api/health",
      "/api/auth/callback/oidc",
      "/metrics",
      "/_next/static/chunks/a.js",
      "/favicon.ico",
      "/fr/robots.txt",
    ]) {
      expect(isPagePath(path), path).toBe(false);
    }
  });
});
