import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";

// next-auth itself does not load under Vitest (it imports `next/server` without an extension): a stand-in that
// answers as a callback would, so the test sees whether the route puts the limit in front of it.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/auth", () => {
  const handler = async () => {
    calls.count += 1;
    return new Response(null, { status: 302, headers: { location: "/" } });
  };
  return { handlers: { GET: handler, POST: handler } };
});

process.env.LOGIN_CALLBACKS_PER_MINUTE = "2";
resetEnvForTests();
afterAll(() => {
  delete process.env.LOGIN_CALLBACKS_PER_MINUTE;
  resetEnvForTests();
});

describe("the next-auth route", () => {
  it("limits the OIDC callback per client address (LOGIN_CALLBACKS_PER_MINUTE)", async () => {
    const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
    const callback = () =>
      new NextRequest("http://127.0.0.1:3000/api/auth/callback/oidc?code=x&state=y", {
        headers: { "x-forwarded-for": "198.51.100.7" },
      });
    const statuses = [(await GET(callback())).status, (await POST(callback())).status, (await GET(callback())).status];
    expect(statuses).toEqual([302, 302, 429]);
    expect(calls.count).toBe(2);
  });
});
