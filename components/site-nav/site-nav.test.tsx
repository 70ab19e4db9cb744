import type { ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { Disclosure } from "./disclosure";
import { currentHref, NavLinks } from "./nav-links";

// The locale-aware Link and path of next-intl need Next.js's router; here the path is fixed and a link is an <a>.
vi.mock("@/lib/i18n/navigation", () => ({
  usePathname: () => "/admin/antennas/dashboard",
  Link: ({ href, ...props }: ComponentProps<"a">) => <a href={`/fr${href}`} {...props} />,
}));

const items = [
  { href: "/admin/antennas", label: "Antennes" },
  { href: "/admin/antennas/dashboard", label: "Tableau des antennes" },
  { href: "/admin/tiers", label: "Niveaux" },
];

describe("currentHref", () => {
  it("takes the longest link the path is in", () => {
    expect(currentHref("/admin/antennas/dashboard", items)).toBe("/admin/antennas/dashboard");
    expect(currentHref("/admin/antennas", items)).toBe("/admin/antennas");
    expect(currentHref("/admin/tiers/anything", items)).toBe("/admin/tiers");
  });

  it("finds none for a path outside every link, or one that only starts like one", () => {
    expect(currentHref("/dashboard", items)).toBeUndefined();
    expect(currentHref("/admin/tiersx", items)).toBeUndefined();
  });
});

describe("NavLinks", () => {
  it("marks the current page only, in the server render", () => {
    const html = renderToStaticMarkup(<NavLinks items={items} />);
    expect(html.match(/aria-current="page"/g)).toHaveLength(1);
    expect(html).toMatch(/<a href="\/fr\/admin\/antennas\/dashboard" aria-current="page"[^>]*>Tableau des antennes</);
  });
});

describe("Disclosure", () => {
  it("is a closed <details> whose button names the panel it controls", () => {
    const html = renderToStaticMarkup(
      <Disclosure label="Menu">
        <p>links</p>
      </Disclosure>,
    );
    const controls = html.match(/<summary aria-expanded="false" aria-controls="([^"]+)"/)?.[1];
    expect(controls).toBeTruthy();
    expect(html).toContain(`<div id="${controls}"><p>links</p></div>`);
    expect(html).toMatch(/^<details>/);
  });
});
