import { randomBytes } from "node:crypto";
import { NextRequest, NextResponse } from "next/server";
import createMiddleware from "next-intl/middleware";
import { env } from "@/lib/env";
import { isPagePath, securityHeaders } from "@/lib/http/security-headers";
import { routing } from "@/lib/i18n/routing";

const localise = createMiddleware(routing);

/** Localises pages (next-intl) and puts the security headers, with a per-request CSP nonce, on every response. */
export default function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const settings = env();
  const page = isPagePath(pathname);
  const headers = securityHeaders({
    pathname,
    nonce: page ? randomBytes(16).toString("base64") : undefined,
    publicUrl: settings.PUBLIC_URL,
    oidcIssuer: settings.OIDC_ISSUER,
  });
  let response = NextResponse.next();
  if (page) {
    // Next.js finds the nonce in the request's CSP header and puts it on the scripts it renders.
    const forwarded = new Headers(request.headers);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
    response = localise(new NextRequest(request, { headers: forwarded }));
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Alertmanager's webhook posts skip the proxy: it would buffer their bodies (up to 10 MB) before the route checks
// the token; next.config.ts gives them their headers.
export const config = { matcher: ["/((?!api/alertmanager/).*)"] };
