import { readdirSync } from "node:fs";
import path from "node:path";

export const locales = ["fr", "nl", "en"] as const;
export type SiteLocale = (typeof locales)[number];

/** The ids a page under a dynamic segment is opened with: a seeded target's, a link token that matches nothing. */
export type PageIds = { targetId: string };

// A page under a dynamic segment needs an id: one line here, or the listing below fails and names it.
const dynamicPages: Record<string, (ids: PageIds) => string> = {
  "/targets/[id]/edit": (ids) => `/targets/${ids.targetId}/edit`,
  "/channels/confirm/[token]": () => "/channels/confirm/unknown-token",
};

/** A page as its file names it (`/targets/[id]/edit`), and the path that opens it, under a locale. */
export type SitePage = { route: string; path: (ids: PageIds) => string; admin: boolean; signedOut: boolean };

/**
 * Every page of the site, read from app/[locale] (route groups dropped), and the not-found page: a new page is
 * covered by the specs that visit them all (phone width, accessibility) without editing them.
 */
export function sitePages(): SitePage[] {
  const root = path.resolve("app/[locale]");
  const pages = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((s) => s !== "." && !/^\(.*\)$/.test(s));
      const route = segments.length === 0 ? "" : `/${segments.join("/")}`;
      const dynamic = dynamicPages[route];
      if (route.includes("[") && !dynamic)
        throw new Error(`${route}: say in e2e/support/site-pages.ts which id opens it`);
      return { route, path: dynamic ?? (() => route), admin: route.startsWith("/admin/"), signedOut: route === "" };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
  return [...pages, { route: "(not found)", path: () => "/no-such-page", admin: false, signedOut: false }];
}
