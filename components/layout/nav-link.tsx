"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

export function NavLink({ href, match, children }: { href: string; match: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = match === "/" ? pathname === "/" : pathname === match || pathname.startsWith(`${match}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={clsx("rounded-md px-2 py-1.5 font-medium", current ? "bg-orange-50 text-orange-800" : "text-slate-700 hover:bg-slate-100")}
    >
      {children}
    </Link>
  );
}
