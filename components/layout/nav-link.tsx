"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

export interface NavItem {
  href: string;
  label: string;
  /** Path prefix that marks the item current (defaults to the href's path). */
  match?: string;
  /** A shortcut shown indented under the item before it. */
  sub?: boolean;
}

const linkClass = (current: boolean, sub?: boolean) =>
  clsx(
    "rounded-md px-2 py-1.5 font-medium",
    sub && "py-1 pl-5 text-[13px]",
    current ? "bg-orange-50 text-orange-800" : "text-slate-700 hover:bg-slate-100",
  );

function pathMatches(pathname: string, match: string): boolean {
  return match === "/" ? pathname === "/" : pathname === match || pathname.startsWith(`${match}/`);
}

export function NavLink({ href, match, children }: { href: string; match: string; children: ReactNode }) {
  const current = pathMatches(usePathname(), match);
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className={linkClass(current)}>
      {children}
    </Link>
  );
}

/**
 * The main nav. One item is current: the most specific match, where an item with a query (a shortcut such as
 * `/spend?group_by=model`) matches only when the page has each key's value, whole or as its first (a saved view
 * grouped by `team,model` matches on the whole list; the `team` shortcut on its first).
 */
export function NavLinks({ nav, onNavigate }: { nav: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const score = (item: NavItem) => {
    const url = new URL(item.href, "http://x");
    if (!pathMatches(pathname, item.match ?? url.pathname)) return -1;
    for (const [key, value] of url.searchParams) {
      const page = params.get(key) ?? "";
      if (page !== value && page.split(",")[0] !== value) return -1;
    }
    return (item.match ?? url.pathname).length + 1000 * [...url.searchParams].length;
  };
  const scores = nav.map(score);
  const best = Math.max(...scores);
  return nav.map((item, i) => {
    const current = best >= 0 && scores[i] === best;
    return (
      <Link
        key={item.href}
        href={item.href}
        aria-current={current ? "page" : undefined}
        onClick={onNavigate}
        className={linkClass(current, item.sub)}
      >
        {item.label}
      </Link>
    );
  });
}
