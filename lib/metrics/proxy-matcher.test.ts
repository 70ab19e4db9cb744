import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it, vi } from "vitest";

// Only the matcher is under test; next-intl's middleware cannot load outside Next's bundler (bare "next/server").
vi.mock("next-intl/middleware", () => ({ default: () => () => undefined }));
const { config } = await import("@/proxy");

describe("next-intl proxy matcher", () => {
  it("leaves /metrics to its route handler and still localises pages", () => {
    expect(unstable_doesMiddlewareMatch({ config, url: "/metrics" })).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config, url: "/fr/targets" })).toBe(true);
    expect(unstable_doesMiddlewareMatch({ config, url: "/" })).toBe(true);
  });
});
