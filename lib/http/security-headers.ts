/**
 * The security headers of every response, chosen per path. Pages get a content security policy with a fresh
 * nonce per request: Next.js reads it from the request's CSP header and puts it on the inline scripts it needs
 * (bootstrap, RSC payload); 'strict-dynamic' lets those load the chunks. Other responses (route handlers,
 * /metrics, static files) carry no document that could run anything, so their policy allows nothing.
 */

/** Who may put a page in a frame: nobody, unless a route is listed here (e.g. the public status page embed). */
export type FramePolicy = { ancestors: "'none'" } | { ancestors: "*" };
const framePolicies: { path: RegExp; policy: FramePolicy }[] = [];
const noFraming: FramePolicy = { ancestors: "'none'" };

export function framePolicyFor(pathname: string): FramePolicy {
  return framePolicies.find((entry) => entry.path.test(pathname))?.policy ?? noFraming;
}

/** Rendered by the [locale] pages (through next-intl); everything else is a route handler or a file. */
export function isPagePath(pathname: string): boolean {
  return !/^\/(?:api|_next|metrics)(?:\/|$)/.test(pathname) && !/\/[^/]*\.[^/]*$/.test(pathname);
}

export type SecurityContext = {
  pathname: string;
  /** Base64 nonce for a page; absent for other responses. */
  nonce?: string;
  publicUrl: string;
  /** The identity provider's origin: the sign-in form's POST is redirected there, and form-action covers redirects. */
  oidcIssuer?: string;
};

export function contentSecurityPolicy(context: SecurityContext): string {
  const ancestors = framePolicyFor(context.pathname).ancestors;
  const https = new URL(context.publicUrl).protocol === "https:";
  if (context.nonce === undefined) {
    return [`default-src 'none'`, `frame-ancestors ${ancestors}`, `base-uri 'none'`, `form-action 'none'`].join("; ");
  }
  const formTargets = ["'self'", ...(context.oidcIssuer ? [new URL(context.oidcIssuer).origin] : [])];
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${context.nonce}' 'strict-dynamic'`,
    `style-src 'self'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action ${formTargets.join(" ")}`,
    `frame-ancestors ${ancestors}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The headers set on the response; Content-Security-Policy also goes on the page request for Next.js. */
export function securityHeaders(
  context: SecurityContext,
): { "Content-Security-Policy": string } & Record<string, string> {
  const https = new URL(context.publicUrl).protocol === "https:";
  return {
    "Content-Security-Policy": contentSecurityPolicy(context),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Older browsers ignore frame-ancestors; X-Frame-Options says the same for them.
    ...(framePolicyFor(context.pathname).ancestors === "'none'" ? { "X-Frame-Options": "DENY" } : {}),
    // Only over https: on http the header is ignored, and on a hub reached over http it would be a lie.
    ...(https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
