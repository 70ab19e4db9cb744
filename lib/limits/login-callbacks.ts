import { env } from "@/lib/env";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { log } from "@/lib/log";
import { clientAddressOf } from "./client-address";
import { createWindowLimiter, type WindowLimiter } from "./window-limiter";

export type LoginLimits = { perAddress: WindowLimiter; trustedHops: number };
type Handler<R extends Request> = (request: R) => Promise<Response>;

const limitLog = log.child({ component: "login-limits" });
// Every callback makes a token request to the identity provider and writes the member: the costly part of a login.
// There is deliberately no limit on all addresses together: a client that chooses its own key (no trusted proxy,
// or many IPv6 networks) would use it up and have every member's login refused. Nothing in a callback request
// tells a member's apart from a flood before the token request the limit is there to spare.
const callbackPath = /^\/api\/auth\/callback\//;

export function loginLimitsFromEnv(): LoginLimits {
  const settings = env();
  return {
    perAddress: createWindowLimiter({ limit: settings.LOGIN_CALLBACKS_PER_MINUTE, windowMs: 60_000 }),
    trustedHops: settings.TRUSTED_PROXY_HOPS,
  };
}

/**
 * Wraps next-auth's route handlers: a client past its share of login callbacks gets 429 with Retry-After and a
 * sentence in its language, and the callback is not run. The limits are made at the first request (`next build`
 * loads this module without the runtime environment).
 */
export function limitLoginCallbacks<R extends Request>(
  handlers: { GET: Handler<R>; POST: Handler<R> },
  makeLimits: () => LoginLimits = loginLimitsFromEnv,
): { GET: Handler<R>; POST: Handler<R> } {
  let limits: LoginLimits | undefined;
  const guard =
    (handler: Handler<R>): Handler<R> =>
    async (request) => {
      if (!callbackPath.test(new URL(request.url).pathname)) return handler(request);
      limits ??= makeLimits();
      const verdict = limits.perAddress.hit(clientAddressOf(request.headers, limits.trustedHops));
      if (verdict.ok) return handler(request);
      // Never the address: it identifies a person.
      if (verdict.first) limitLog.warn({ scope: "address" }, "login callbacks limited");
      return tooManyCallbacks(request, Math.ceil(verdict.retryAfterMs / 1000));
    };
  return { GET: guard(handlers.GET), POST: guard(handlers.POST) };
}

function tooManyCallbacks(request: Request, seconds: number): Response {
  const t = translatorFor(localeOf(request), "ui");
  return new Response(t("limits.loginCallbacks", { seconds }), {
    status: 429,
    headers: {
      "retry-after": String(seconds),
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}

/** The language next-intl remembered for this browser, else the first one it asks for that we have. */
function localeOf(request: Request): Locale {
  const cookie = /(?:^|;\s*)NEXT_LOCALE=([a-z]{2})/.exec(request.headers.get("cookie") ?? "")?.[1];
  if (isLocale(cookie)) return cookie;
  const wanted = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return wanted.find(isLocale) ?? defaultLocale;
}
