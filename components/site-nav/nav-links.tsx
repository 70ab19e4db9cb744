"use client";

import { Link, usePathname } from "@/lib/i18n/navigation";

export type NavItem = { href: string; label: string };

/** The item the current path is in: the longest href that is the path or a parent of it (/admin/antennas/dashboard
 * is its own page, not /admin/antennas). */
export function currentHref(pathname: string, items: NavItem[]): string | undefined {
  return items
    .filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** A list of links with the current page marked (`aria-current="page"`), also in the server render. */
export function NavLinks({
  items,
  className,
  linkClassName,
}: {
  items: NavItem[];
  className?: string;
  linkClassName?: string;
}) {
  const current = currentHref(usePathname(), items);
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            aria-current={item.href === current ? "page" : undefined}
            className={`${linkClassName ?? ""} aria-[current=page]:font-semibold aria-[current=page]:underline`}
          >
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
