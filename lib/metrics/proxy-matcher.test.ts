import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it, vi } from "vitest";
import { isPagePath } from "@/lib/http/security-headers";

// Only the matcher is under test; next-intl's middleware cannot load outside Next's bundler (bare "next/server").
vi.mock("next-intl/middleware", () => ({ default: () => () => undefined }));
const { config } = await import("@/proxy");

describe("proxy matcher", () => {
  it("gives every response its headers, but localises only pages: /metrics stays its route handler's", () => {
    for (const url of [
      "/",
      "/fr/targets",
      "/metrics",
      "/api/health",
      "/api/auth/session",
      "/_next/static/chunks/a.js",
    ]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    }
    expect(isPagePath("/metrics")).toBe(false);
  });

  it("leaves Alertmanager's posts alone: the proxy would buffer their bodies before the token is checked", () => {
    for (const url of ["/api/alertmanager/webhook", "/api/alertmanager/infra"]) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
  });
});
